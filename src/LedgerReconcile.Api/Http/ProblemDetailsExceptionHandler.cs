using FluentValidation;
using LedgerReconcile.Application.ApiKeys;
using LedgerReconcile.Application.Mapping;
using LedgerReconcile.Domain;
using LedgerReconcile.EventStore;
using LedgerReconcile.Projections.ReadModels;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace LedgerReconcile.Api.Http;

/// <summary>
/// The one place where failures become RFC 9457 problem details: validation 400 (with field errors), not found 404,
/// a business rule 422, a concurrency conflict 412 when the caller sent If-Match and 409 otherwise.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Describe(context, exception);
        if (problem.Status >= 500)
        {
            logger.LogError(exception, "Unhandled failure");
        }
        else
        {
            logger.LogInformation("Request refused: {Status} {Title}", problem.Status, problem.Title);
        }

        context.Response.StatusCode = problem.Status ?? 500;
        problem.Extensions["correlationId"] = CorrelationId.Of(context);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails Describe(HttpContext context, Exception exception) => exception switch
    {
        ValidationException validation => new HttpValidationProblemDetails(
            validation.Errors
                .GroupBy(e => FieldName(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid.",
        },
        ResourceNotFoundException notFound => Problem(StatusCodes.Status404NotFound, "Not found.", notFound.Message),
        WrongExpectedRevisionException conflict when context.Request.Headers.IfMatch.Count > 0 =>
            Problem(StatusCodes.Status412PreconditionFailed, "The resource has changed since you read it.", conflict.Message),
        WrongExpectedRevisionException conflict =>
            Problem(StatusCodes.Status409Conflict, "The resource was changed by someone else; read it again and retry.", conflict.Message),
        CommandIdReusedException => Problem(
            StatusCodes.Status409Conflict,
            "This Idempotency-Key was already used for a different request.",
            $"Idempotency-Key '{context.Request.Headers[LedgerRequest.IdempotencyKeyHeader]}' was already used for a different request, so this one was not carried out and nothing changed. A retry must repeat the first request exactly; a new request needs a new Idempotency-Key."),
        ApiKeyAlreadyIssuedException issued => KeyProblem(context, issued),
        IdempotencyViolationException overlap => Problem(StatusCodes.Status409Conflict, "The request overlaps one already recorded.", overlap.Message),
        InvalidAppendException invalid => Problem(StatusCodes.Status400BadRequest, "The request is not valid.", invalid.Message),
        PreconditionException precondition => Problem(StatusCodes.Status428PreconditionRequired, "A precondition is required.", precondition.Message),
        BadHttpRequestException { InnerException: System.Text.Json.JsonException json } => BindingProblems.FromJson(json),
        BadHttpRequestException bad => BindingProblems.FromBinding(bad),
        ReadModelNotReadyException notReady => Problem(StatusCodes.Status503ServiceUnavailable, "The read model is still being built.", notReady.Message),
        System.Text.Json.JsonException json => BindingProblems.FromJson(json),
        RuleViolationException violation => RuleProblem(violation),
        PsaNotConnectedException notConnected => Problem(StatusCodes.Status409Conflict, "There is no connection to this PSA.", notConnected.Message),
        PsaUnavailableException { Transient: true } unavailable => Problem(StatusCodes.Status503ServiceUnavailable, "The PSA cannot be read right now.", unavailable.Message),
        PsaUnavailableException unavailable => Problem(StatusCodes.Status502BadGateway, "The PSA refused or did not understand the read.", unavailable.Message),
        _ => Problem(StatusCodes.Status500InternalServerError, "Something went wrong on our side.", null),
    };

    /// <summary>
    /// Field names as the JSON body spells them: <c>UnitRule.Step</c> becomes <c>unitRule.step</c>; a header keeps its
    /// own name (<c>Idempotency-Key</c>).
    /// </summary>
    private static string FieldName(string propertyName) => propertyName.Contains('-', StringComparison.Ordinal) ? propertyName :
        string.Join('.', propertyName.Split('.').Select(part => part.Length > 0 ? char.ToLowerInvariant(part[0]) + part[1..] : part));

    private static ProblemDetails RuleProblem(RuleViolationException violation)
    {
        var problem = violation.ConflictsWithRecord
            ? Problem(StatusCodes.Status409Conflict, "This conflicts with what the ledger already recorded.", violation.Message)
            : Problem(StatusCodes.Status422UnprocessableEntity, "The ledger's rules do not allow this.", violation.Message);
        problem.Extensions["rule"] = violation.Rule;
        return problem;
    }

    private static ProblemDetails KeyProblem(HttpContext context, ApiKeyAlreadyIssuedException issued)
    {
        var problem = Problem(
            StatusCodes.Status409Conflict,
            "An API key was already issued for this Idempotency-Key.",
            $"Idempotency-Key '{context.Request.Headers[LedgerRequest.IdempotencyKeyHeader]}' already issued API key {issued.KeyId}; no second key was issued. " +
            "The key is shown only once, in the first response: if it was lost, revoke key " + issued.KeyId + " and issue a new one with a new Idempotency-Key.");
        problem.Extensions["keyId"] = issued.KeyId;
        return problem;
    }

    private static ProblemDetails Problem(int status, string title, string? detail) =>
        new() { Status = status, Title = title, Detail = detail };
}


/// <summary>A write needs a precondition the caller did not send.</summary>
public sealed class PreconditionException(string message) : Exception(message);
