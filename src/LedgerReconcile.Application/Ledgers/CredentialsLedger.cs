using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Credentials;

namespace LedgerReconcile.Application.Ledgers;

/// <summary>Reads and writes a tenant's credentials stream: which integration's credentials changed, never the values.</summary>
public sealed class CredentialsLedger(LedgerStore store)
    : TenantStreamLedger<CredentialsState, CredentialsEvent, CredentialsCommand>(store, StreamFolds.Credentials, StreamNames.Credentials, CredentialsDecider.Decide);
