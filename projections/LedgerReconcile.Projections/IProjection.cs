using LedgerReconcile.EventStore;
using LedgerReconcile.Projections.ReadModels;

namespace LedgerReconcile.Projections;

/// <summary>
/// A read model built from <c>$all</c>. Implementations are pure: they read the event and the read model's own
/// documents and write documents and history rows, and never call anything outside (no PSA, no clock, no network),
/// so a rebuild from position 0 repeats no side effect and produces the same rows as the incremental run.
/// </summary>
public interface IProjection
{
    /// <summary>Stable name, lower-case with underscores; part of the table names.</summary>
    string Name { get; }

    /// <summary>
    /// The version of the projection's logic and document shapes. Raising it makes the runner rebuild the projection
    /// into fresh tables while the previous version keeps serving, and swap when the new one has caught up.
    /// </summary>
    int Version { get; }

    /// <summary>Applies one event. Events come in global order, each exactly once per table set.</summary>
    ValueTask ApplyAsync(RecordedEvent recorded, IReadModelWriter writer, CancellationToken cancellationToken);
}
