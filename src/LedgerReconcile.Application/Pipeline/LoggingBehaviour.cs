using FluentValidation;
using LedgerReconcile.Domain;
using LedgerReconcile.EventStore;
using Mediator;
using Microsoft.Extensions.Logging;

namespace LedgerReconcile.Application.Pipeline;

/// <summary>Logs every message inside a scope carrying its correlation id, so one request's lines can be found together.</summary>
public sealed class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var name = typeof(TMessage).Name;
        using var scope = message is ILedgerCommand command
            ? logger.BeginScope(new Dictionary<string, object>
            {
                ["CorrelationId"] = command.Context.CorrelationId,
                ["CommandId"] = command.Context.CommandId,
                ["Tenant"] = command.Context.Tenant,
                ["Actor"] = command.Context.Actor,
            })
            : null;
        try
        {
            var response = await next(message, cancellationToken);
            if (response is CommandResult result)
            {
                logger.LogInformation("{Message} on {Stream} appended [{Appended}], now at revision {Revision}.", name, result.Stream, string.Join(", ", result.Appended), result.Revision);
            }
            else
            {
                logger.LogDebug("{Message} handled.", name);
            }

            return response;
        }
        catch (ValidationException exception)
        {
            logger.LogInformation("{Message} refused: {Errors}.", name, string.Join("; ", exception.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")));
            throw;
        }
        catch (RuleViolationException exception)
        {
            logger.LogInformation("{Message} broke rule {Rule}: {Reason}", name, exception.Rule, exception.Message);
            throw;
        }
        catch (WrongExpectedRevisionException exception)
        {
            logger.LogInformation("{Message} met a concurrent change: {Reason}", name, exception.Message);
            throw;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "{Message} failed.", name);
            throw;
        }
    }
}
