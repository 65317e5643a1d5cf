namespace LedgerReconcile.Application;

/// <summary>
/// A command id (the API's <c>Idempotency-Key</c>) that already decided other events was sent with a request that
/// decides something else; nothing was appended.
/// </summary>
public sealed class CommandIdReusedException(Guid commandId, string stream)
    : Exception($"Command {commandId} already recorded different events on stream '{stream}'; nothing was changed.")
{
    public Guid CommandId { get; } = commandId;
}
