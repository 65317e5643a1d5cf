using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Credentials;

namespace LedgerReconcile.Application.Ledgers;

/// <summary>Reads and writes a tenant's credentials stream: which integration's credentials changed, never the values.</summary>
public sealed class CredentialsLedger(LedgerStore store)
{
    public Task<LoadedStream<CredentialsState>> LoadAsync(string tenant, CancellationToken cancellationToken) =>
        store.LoadAsync(StreamFolds.Credentials, tenant, StreamNames.Credentials(tenant), null, null, cancellationToken);

    public ValueTask<CommandResult> DecideAsync(ILedgerCommand command, Func<DateTimeOffset, CredentialsCommand> toDomain, CancellationToken cancellationToken) =>
        store.DecideAsync(
            StreamFolds.Credentials,
            command,
            StreamNames.Credentials(command.Context.Tenant),
            (state, now) => CredentialsDecider.Decide(toDomain(now), state),
            cancellationToken);
}
