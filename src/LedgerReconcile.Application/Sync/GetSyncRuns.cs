using LedgerReconcile.Domain;
using LedgerReconcile.Domain.SyncRuns;

namespace LedgerReconcile.Application.Sync;

/// <summary>A tenant's sync runs and how each ended; the run id leads to the snapshots it recorded.</summary>
public sealed record GetSyncRuns(string Tenant) : IQuery<LoadedStream<SyncRunState>>;

public sealed class GetSyncRunsValidator : AbstractValidator<GetSyncRuns>
{
    public GetSyncRunsValidator() => RuleFor(q => q.Tenant).Must(StreamNames.IsValidTenant);
}

public sealed class GetSyncRunsHandler(LedgerStore store) : IQueryHandler<GetSyncRuns, LoadedStream<SyncRunState>>
{
    public async ValueTask<LoadedStream<SyncRunState>> Handle(GetSyncRuns query, CancellationToken cancellationToken) =>
        await new SyncRunLog(store).LoadAsync(query.Tenant, cancellationToken);
}
