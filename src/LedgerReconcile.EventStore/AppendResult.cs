namespace LedgerReconcile.EventStore;

/// <summary>The outcome of a successful (or idempotently repeated) append.</summary>
/// <param name="NextExpectedRevision">The stream's revision after the append: pass it as the next exact expectation.</param>
/// <param name="LastPosition">The global position of the batch's last event.</param>
public sealed record AppendResult(long NextExpectedRevision, long LastPosition);
