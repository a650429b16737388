import type { ScanTarget, ScanType } from '../store/types';

/** The queue of scan jobs, shared by every bot and worker process on one Redis. */
export const SCAN_QUEUE = 'mailcheck-scan';

/** One job: a few targets of one scan, checked and stored by whichever process takes it. */
export interface ScanJobData {
  scanId: string;
  list: string;
  type: ScanType;
  targets: ScanTarget[];
  /** 1: the scan's first pass (a target already stored is skipped); 2: the re-check of rows with an error. */
  pass: 1 | 2;
}

/** What a finished job returns: the domains it stored. */
export interface ScanJobResult {
  stored: string[];
}
