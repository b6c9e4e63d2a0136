import { foldText } from '@luoshi/text';
import { maskDocumentNames } from './mask.util';
import { findTargets } from './targets.extractor';
import type { Target } from '../parser.types';

/**
 * The quantitative targets in a short text typed or imported by a person (a 台账's 目标 cell, a
 * hand-made task's 量化指标), read exactly as a report's plan item is read: 不少于500件 → >= 500 件.
 */
export function readTargets(text: string): Target[] {
  const display = text.replace(/\r\n?/g, '\n');
  return findTargets(display, maskDocumentNames(foldText(display)), 0, display.length);
}
