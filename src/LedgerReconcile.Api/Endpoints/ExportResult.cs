using LedgerReconcile.Exports;
using Microsoft.Net.Http.Headers;

namespace LedgerReconcile.Api.Endpoints;

/// <summary>
/// Streams an export as a download. Everything that can be refused (filters, format, customer) is checked before this
/// result runs, so a refusal is a ProblemDetails and an accepted export starts at once, without a Content-Length,
/// and goes out in chunks as its rows are read.
/// </summary>
internal sealed class ExportResult(IExport export, ExportFormat format) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = format.MediaType();
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(export.FileName(format));
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.CacheControl = "no-store";
        await response.StartAsync(httpContext.RequestAborted);
        await export.WriteAsync(response.Body, format, httpContext.RequestAborted);
    }
}
