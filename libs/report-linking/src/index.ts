export { ReportLinkingService, toPriorTree, type ReportPair } from './report-linking.service';
