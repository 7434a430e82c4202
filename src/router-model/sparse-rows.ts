/** Rows of a sparse matrix (compressed sparse rows): row r's entries are at [rowStarts[r], rowStarts[r + 1]). */
export interface SparseRows {
  readonly rowStarts: Int32Array;
  readonly columns: Int32Array;
  readonly values: Float64Array;
}
