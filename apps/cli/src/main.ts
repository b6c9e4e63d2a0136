#!/usr/bin/env node
import 'reflect-metadata';
import { buildProgram, runCli } from './cli.program';

void runCli(buildProgram, process.argv);
