namespace LedgerReconcile.Application;

/// <summary>What every command carries besides its payload: whose ledger, who asks, and in which conversation.</summary>
public interface ILedgerCommand
{
    string Tenant { get; }

    string Actor { get; }

    string CorrelationId { get; }

    /// <summary>The command's own id (UUIDv7); the ids of the events it appends are derived from it.</summary>
    Guid CommandId { get; }
}

/// <summary>A command addressed to one customer's stream.</summary>
public interface ICustomerCommand : ILedgerCommand
{
    string CustomerKey { get; }
}

/// <summary>Sent by a person: a concurrency conflict is reported to them, never retried behind their back.</summary>
public interface IUserCommand : ILedgerCommand
{
    /// <summary>The stream revision the person saw (HTTP If-Match); null when the caller did not say.</summary>
    long? ExpectedRevision { get; }
}

/// <summary>Sent by the system (syncs, workers): a concurrency conflict is retried by deciding again on fresh state.</summary>
public interface ISystemCommand : ILedgerCommand;

/// <param name="Stream">The stream the command was decided on.</param>
/// <param name="Revision">The stream's revision afterwards (null: the stream still does not exist); the next ETag.</param>
/// <param name="Appended">The stored names of the events appended; empty when the command changed nothing.</param>
public sealed record CommandResult(string Stream, long? Revision, IReadOnlyList<string> Appended);
