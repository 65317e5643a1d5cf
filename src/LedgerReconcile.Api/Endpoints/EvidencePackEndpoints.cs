using LedgerReconcile.Application.Periods;
using LedgerReconcile.Exports.Evidence;
using Microsoft.Net.Http.Headers;

namespace LedgerReconcile.Api.Endpoints;

/// <summary>
/// Evidence packs for an auditor: one ZIP of a customer's or a closed month's events, narrative, CSVs and chain digest,
/// checkable offline with <c>ledger verify-pack</c>. See ADR 28.
/// </summary>
public static class EvidencePackEndpoints
{
    private const string PackNote =
        " A ZIP (application/zip, as an attachment): manifest.json (scope, store position, chain digests, the hash algorithm, what " +
        "verifying proves and what it does not, the SHA-256 of every file), events.jsonl (every event as stored with its hash and the " +
        "previous hash it chains to), narrative.txt and the CSVs. `ledger verify-pack FILE` checks it without the ledger.";

    public static IEndpointRouteBuilder MapEvidencePackEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapCustomerGroup("Evidence packs").MapGet("/evidence-pack", CustomerPackAsync)
            .Read()
            .WithName("GetCustomerEvidencePack")
            .WithSummary("A customer's evidence pack")
            .WithDescription("Every event of the customer up to now, their narrative, billable state, history and closed periods as CSV." + PackNote)
            .Produces(StatusCodes.Status200OK, contentType: "application/zip");

        app.MapGroup("/api/periods").WithTags("Evidence packs")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .MapGet("/{month}/evidence-pack", MonthPackAsync)
            .Read()
            .WithName("GetMonthEvidencePack")
            .WithSummary("A closed month's evidence pack")
            .WithDescription("The tenant's stream and the stream of every customer the month's close froze, their narrative, the billable state " +
                "at the month's end as known at the cut-off, the closed periods and the discrepancies as CSV. 404 when the month is not closed." + PackNote)
            .Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();
        return app;
    }

    private static async Task<EvidencePackResult> CustomerPackAsync(string customerKey, HttpContext http, EvidencePacks packs, CancellationToken ct) =>
        new(await packs.PrepareAsync(EvidenceScope.ForCustomer(http.User.Tenant(), customerKey), ct)
            ?? throw new ResourceNotFoundException($"Customer '{customerKey}' was not found."));

    private static async Task<EvidencePackResult> MonthPackAsync(string month, HttpContext http, EvidencePacks packs, CancellationToken ct)
    {
        new QueryRules().Require(ClosingMonth.TryParse(month, out _), "month", "'month' is a calendar month written yyyy-MM, e.g. 2026-11.").ThrowIfInvalid();
        return new(await packs.PrepareAsync(EvidenceScope.ForMonth(http.User.Tenant(), month), ct)
            ?? throw new ResourceNotFoundException($"Month {month} has not been closed."));
    }

    /// <summary>
    /// The ZIP is built in a temporary file first: its central directory is written synchronously, which a response body
    /// refuses, and a failure half-way then still answers with a ProblemDetails instead of a cut-off download.
    /// </summary>
    private sealed class EvidencePackResult(EvidencePack pack) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var ct = httpContext.RequestAborted;
            await using var buffer = new FileStream(
                Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await pack.WriteAsync(buffer, ct);
            buffer.Position = 0;

            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/zip";
            response.ContentLength = buffer.Length;
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(pack.FileName);
            response.Headers.ContentDisposition = disposition.ToString();
            response.Headers.CacheControl = "no-store";
            await buffer.CopyToAsync(response.Body, ct);
        }
    }
}
