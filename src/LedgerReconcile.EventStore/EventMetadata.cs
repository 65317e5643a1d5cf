namespace LedgerReconcile.EventStore;

/// <summary>
/// Who caused an event and in which conversation. Stored as JSON beside the event's data; the correlation and
/// causation ids use EventStoreDB's reserved names (<c>$correlationId</c>, <c>$causationId</c>).
/// </summary>
/// <param name="Tenant">The MSP the event belongs to.</param>
/// <param name="Actor">The person (e-mail) or system component that caused the event.</param>
/// <param name="CorrelationId">The id shared by everything one request or job caused.</param>
/// <param name="CausationId">The id of the message (command or event) that directly caused this one.</param>
/// <param name="CommandId">The id of the command whose decision produced this event.</param>
public sealed record EventMetadata(
    string Tenant,
    string Actor,
    string CorrelationId,
    string? CausationId = null,
    string? CommandId = null);
