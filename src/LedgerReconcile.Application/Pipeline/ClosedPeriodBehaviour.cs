using LedgerReconcile.Application.Periods;
using LedgerReconcile.Domain;
using Mediator;

namespace LedgerReconcile.Application.Pipeline;

/// <summary>
/// Every command that appended to a customer's stream is followed by the closed-month check, whichever use case it was
/// (the stream is read from the result, so a use case cannot forget it).
/// </summary>
public sealed class ClosedPeriodBehaviour<TMessage, TResponse>(ClosedPeriodAdjuster adjuster) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var response = await next(message, cancellationToken);
        if (message is ILedgerCommand command
            && response is CommandResult { Appended.Count: > 0 } result
            && StreamNames.TryParseCustomer(result.Stream, out var tenant, out var customerKey)
            && tenant == command.Context.Tenant)
        {
            await adjuster.AdjustAsync(command.Context, customerKey, result.Appended.Count, cancellationToken);
        }

        return response;
    }
}
