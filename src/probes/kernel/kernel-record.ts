// One kernel log record as the follower reads it, from the journal or from the kmsg device.
export interface KernelRecord {
  message: string;
  // When it was logged, ms since the epoch (the journal's __REALTIME_TIMESTAMP; estimated for kmsg).
  at: number;
  // Where to resume after it: the journal's __CURSOR, or the kmsg sequence number as text.
  cursor: string;
}

// A line that could not be read as a record: skipped and counted, never fatal.
export interface MalformedRecord {
  malformed: string;
}
