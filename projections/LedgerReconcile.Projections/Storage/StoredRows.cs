using LedgerReconcile.Projections.ReadModels;

namespace LedgerReconcile.Projections.Storage;

/// <summary>A document row as stored: its JSON and indexed columns.</summary>
public sealed record StoredDocument(DocumentKey Key, string Json, DocumentIndex Index);

/// <summary>A history row as stored, in the order of the event (<paramref name="Position"/>) that appended it.</summary>
public sealed record StoredHistoryRow(DocumentKey Key, long Position, int Ordinal, string Json);

/// <summary>The final state of one document after a batch: <see cref="Json"/> null means deleted.</summary>
public sealed record DocumentChange(DocumentKey Key, string? Json, DocumentIndex Index);

/// <summary>Everything one projection transaction writes, with the checkpoint move that makes it exactly-once.</summary>
/// <param name="ExpectedCheckpoint">The set's checkpoint the batch was computed from; the commit fails if it moved.</param>
/// <param name="NewCheckpoint">The global position of the batch's last event (or filtered checkpoint).</param>
/// <param name="LastRecordedAt">Record time of the last event applied, for the lag in time.</param>
/// <param name="Documents">Final state of every document the batch touched.</param>
/// <param name="History">History rows appended, in order.</param>
public sealed record ProjectionBatch(
    long ExpectedCheckpoint,
    long NewCheckpoint,
    DateTimeOffset? LastRecordedAt,
    IReadOnlyList<DocumentChange> Documents,
    IReadOnlyList<StoredHistoryRow> History);

/// <summary>How the commit of a batch ended.</summary>
public enum CommitOutcome
{
    /// <summary>Rows and checkpoint are committed.</summary>
    Committed,

    /// <summary>Nothing written: another runner moved the checkpoint, or the set is no longer in the expected state.</summary>
    Conflict,
}
