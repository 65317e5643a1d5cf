namespace LedgerReconcile.Application;

/// <summary>
/// What every command carries besides its payload: whose ledger, who asks, in which conversation, under which id, and
/// which stream revision the sender saw.
/// </summary>
/// <param name="CommandId">The command's own id (UUIDv7); the ids of the events it appends are derived from it.</param>
/// <param name="ExpectedRevision">The stream revision a person saw (HTTP If-Match); null when they did not say, and always null on a system command.</param>
public sealed record CommandContext(string Tenant, string Actor, string CorrelationId, Guid CommandId, long? ExpectedRevision = null);

/// <summary>A command to the ledger: its <see cref="CommandContext"/> and a payload.</summary>
public interface ILedgerCommand
{
    CommandContext Context { get; }
}

/// <summary>
/// A command that becomes one domain command of its stream kind with nothing but itself and the time it is decided
/// at, so its handler is the ledger's shared one.
/// </summary>
public interface ILedgerCommand<out TDomainCommand> : ILedgerCommand
{
    TDomainCommand ToDomain(DateTimeOffset now);
}

/// <summary>A command addressed to one customer's stream.</summary>
public interface ICustomerCommand : ILedgerCommand
{
    string CustomerKey { get; }
}

/// <summary>Sent by a person: a concurrency conflict is reported to them, never retried behind their back.</summary>
public interface IUserCommand : ILedgerCommand;

/// <summary>Sent by the system (syncs, workers): a concurrency conflict is retried by deciding again on fresh state.</summary>
public interface ISystemCommand : ILedgerCommand;

/// <param name="Stream">The stream the command was decided on.</param>
/// <param name="Revision">The stream's revision afterwards (null: the stream still does not exist); the next ETag.</param>
/// <param name="Appended">The stored names of the events appended; empty when the command changed nothing.</param>
/// <param name="Note">When nothing was appended: why, in words for whoever sent the command.</param>
public sealed record CommandResult(string Stream, long? Revision, IReadOnlyList<string> Appended, string? Note = null);
