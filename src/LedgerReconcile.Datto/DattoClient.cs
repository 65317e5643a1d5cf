using System.Net;
using System.Text.Json;
using LedgerReconcile.Datto.Http;
using LedgerReconcile.Datto.Parsing;
using LedgerReconcile.Datto.Usage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace LedgerReconcile.Datto;

public enum DattoConnectionProblem { None, InvalidKeyPair, KeyOutOfScope, Unavailable, UnexpectedResponse }

public sealed record DattoConnectionResult(DattoConnectionProblem Problem, string Message)
{
    public bool Ok => Problem == DattoConnectionProblem.None;
}

public sealed partial class DattoClient(HttpClient http, IOptions<DattoOptions> options, TimeProvider time, ILogger<DattoClient> logger)
{
    private readonly DattoOptions _options = options.Value;

    public async Task<DattoConnectionResult> TestConnectionAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var count = await GetAsync(DattoWireFormat.DevicesEndpoint, "_page=1&_perPage=1", slow: false,
                root => DattoList.Read(root) is { Shape: not DattoListShape.Unrecognised } list
                    ? list.Pagination?.Count ?? list.Items.Count
                    : (int?)null,
                cancellationToken);
            return count is null
                ? new(DattoConnectionProblem.UnexpectedResponse, $"GET {DattoWireFormat.DevicesEndpoint} answered with an unexpected body.")
                : new(DattoConnectionProblem.None, $"Connected to Datto; the key sees {count} BCDR device(s).");
        }
        catch (DattoAuthenticationException ex) { return new(DattoConnectionProblem.InvalidKeyPair, ex.Message); }
        catch (DattoAuthorizationException ex) { return new(DattoConnectionProblem.KeyOutOfScope, ex.Message); }
        catch (DattoUnavailableException ex) { return new(DattoConnectionProblem.Unavailable, ex.Message); }
        catch (DattoRequestFailedException ex)
        {
            return new(ex.StatusCode is null or >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests
                ? DattoConnectionProblem.Unavailable
                : DattoConnectionProblem.UnexpectedResponse, ex.Message);
        }
    }

    // Throws DattoAuthenticationException on 401, DattoAuthorizationException on a 403 for the device list, DattoUnavailableException when the
    // circuit opens, and DattoRequestFailedException when the device list itself cannot be read. Everything else that
    // fails or is not understood is a warning on the result, with the affected part marked unknown.
    public async Task<DattoPartnerUsage> PullUsageAsync(CancellationToken cancellationToken = default)
    {
        var observedAt = time.GetUtcNow();
        var warnings = new List<DattoWarning>();

        var devices = await ReadDevicesAsync(warnings, cancellationToken);
        devices = await ReadAllAssetsAsync(devices, warnings, cancellationToken);
        var dtcAssets = await ReadDtcAssetsAsync(warnings, cancellationToken);
        var endpointAgents = await ReadEndpointAgentsAsync(warnings, cancellationToken);
        var saasDomains = await ReadSaasDomainsAsync(warnings, cancellationToken);

        logger.LogInformation("Datto pull: {Devices} devices ({Unknown} with unknown assets), {Warnings} warnings",
            devices.Count, devices.Count(d => d.AssetsUnknown), warnings.Count);
        return new DattoPartnerUsage(observedAt, devices, dtcAssets, endpointAgents, saasDomains, warnings);
    }

    private async Task<IReadOnlyList<DattoDevice>> ReadDevicesAsync(List<DattoWarning> warnings, CancellationToken cancellationToken)
    {
        var filter = $"showHiddenDevices={(_options.ShowHiddenDevices ? 1 : 0)}&showChildResellerDevices={(_options.ShowChildResellerDevices ? 1 : 0)}";
        var items = await ReadPagedAsync(DattoWireFormat.DevicesEndpoint, filter, DattoWireFormat.DevicesEndpoint, warnings,
            (item, w) => DattoWireFormat.Device(item, w), cancellationToken);
        if (items is null)
            throw new DattoRequestFailedException(DattoWireFormat.DevicesEndpoint, HttpStatusCode.OK,
                "the device list is not in any known shape; nothing can be reconciled from it");
        var unique = items.DistinctBy(d => d.SerialNumber, StringComparer.OrdinalIgnoreCase).ToArray();
        if (unique.Length != items.Count)
            warnings.Add(new(DattoWarningKind.UnexpectedShape, DattoWireFormat.DevicesEndpoint, DattoWireFormat.DevicesEndpoint,
                $"{items.Count - unique.Length} device(s) listed twice across pages; duplicates dropped"));
        return unique;
    }

    private async Task<IReadOnlyList<DattoDevice>> ReadAllAssetsAsync(IReadOnlyList<DattoDevice> devices, List<DattoWarning> warnings,
        CancellationToken cancellationToken) =>
        await ReadEachInOrderAsync(devices, warnings,
            async (device, local, ct) => device with { Assets = await ReadAssetsAsync(device.SerialNumber, local, ct) },
            cancellationToken);

    // One request per item, several at a time; each item's warnings are merged in item order so the warning list
    // is the same from one run to the next.
    private async Task<TResult[]> ReadEachInOrderAsync<TItem, TResult>(IReadOnlyList<TItem> items, List<DattoWarning> warnings,
        Func<TItem, List<DattoWarning>, CancellationToken, Task<TResult>> read, CancellationToken cancellationToken)
    {
        var results = new TResult[items.Count];
        var itemWarnings = new List<DattoWarning>[items.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentRequests, CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                var local = new List<DattoWarning>();
                results[index] = await read(items[index], local, ct);
                itemWarnings[index] = local;
            });
        foreach (var local in itemWarnings) warnings.AddRange(local);
        return results;
    }

    // Null means the assets could not be read: the device keeps its last known assets in the ledger.
    private async Task<IReadOnlyList<DattoAsset>?> ReadAssetsAsync(string serial, List<DattoWarning> warnings, CancellationToken cancellationToken)
    {
        var endpoint = DattoWireFormat.AssetsEndpoint(serial);
        try
        {
            var assets = await ReadPagedAsync($"bcdr/device/{Uri.EscapeDataString(serial)}/asset", null, serial, warnings,
                (item, w) => DattoWireFormat.Asset(item, serial, w), cancellationToken);
            if (assets is null) return null;
            return assets;
        }
        catch (DattoRequestFailedException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            warnings.Add(new(DattoWarningKind.AssetsNotFound, serial, endpoint,
                "404: the device's assets are missing or not visible to this key; assets left unknown"));
            return null;
        }
        catch (DattoRequestFailedException ex)
        {
            warnings.Add(new(DattoWarningKind.AssetsUnavailable, serial, endpoint, $"{ex.Problem}; assets left unknown"));
            return null;
        }
    }

    private async Task<IReadOnlyList<DattoDtcAsset>?> ReadDtcAssetsAsync(List<DattoWarning> warnings, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadPagedAsync(DattoWireFormat.DtcAssetsEndpoint, null, DattoWireFormat.DtcAssetsEndpoint, warnings,
                (item, w) => DattoWireFormat.DtcAsset(item, w), cancellationToken);
        }
        catch (DattoRequestFailedException ex)
        {
            warnings.Add(new(DattoWarningKind.EndpointUnavailable, DattoWireFormat.DtcAssetsEndpoint, DattoWireFormat.DtcAssetsEndpoint,
                $"{ex.Problem}; DTC assets left unknown"));
            return null;
        }
    }

    // /bcdr/agent was reported empty or dead in 2022: every empty answer is an empty list, not a failure.
    private async Task<IReadOnlyList<DattoEndpointAgent>?> ReadEndpointAgentsAsync(List<DattoWarning> warnings, CancellationToken cancellationToken)
    {
        const string endpoint = DattoWireFormat.EndpointAgentsEndpoint;
        try
        {
            var agents = new List<DattoEndpointAgent>();
            string? previous = null;
            for (var page = 1; ; page++)
            {
                var (list, (clients, fingerprint)) = await GetAsync(endpoint, PageQuery(page, null), slow: false, root =>
                {
                    var parsed = DattoList.Read(root);
                    if (root is { ValueKind: JsonValueKind.Object } obj && DattoJsonObject.FindProperty(obj, "clients", out var clientList))
                    {
                        var clientsList = DattoList.Read(clientList);
                        parsed = clientsList.Shape == DattoListShape.Unrecognised
                            ? clientsList
                            : clientsList with { Pagination = DattoList.ReadPagination(obj), Shape = DattoListShape.Envelope };
                    }
                    var local = new List<DattoWarning>();
                    var read = parsed.Shape == DattoListShape.Unrecognised
                        ? []
                        : parsed.Items.SelectMany(item => DattoWireFormat.EndpointAgents(item, local)).ToArray();
                    warnings.AddRange(local);
                    return (parsed, (read, parsed.Fingerprint()));
                }, cancellationToken);
                if (list.Shape == DattoListShape.Unrecognised || (fingerprint == previous && list.Items.Count > 0))
                {
                    warnings.Add(new(DattoWarningKind.UnexpectedShape, endpoint, endpoint, $"page {page} answered {(fingerprint == previous
                        ? "the previous page again" : list.Describe())}; EB4PC agents left unknown"));
                    return null;
                }
                previous = fingerprint;
                agents.AddRange(clients);
                if (!HasNextPage(list, page)) return agents;
            }
        }
        catch (DattoRequestFailedException ex)
        {
            warnings.Add(new(DattoWarningKind.EndpointUnavailable, endpoint, endpoint, $"{ex.Problem}; EB4PC agents left unknown"));
            return null;
        }
    }

    // Reads every page of a list endpoint. Returns null (after a warning) when a page is in no known shape;
    // a partial list is never returned, so a failure on page 3 cannot look like a drop.
    private async Task<IReadOnlyList<T>?> ReadPagedAsync<T>(string path, string? filter, string subject, List<DattoWarning> warnings,
        Func<JsonElement, List<DattoWarning>, T?> readItem, CancellationToken cancellationToken) where T : class
    {
        var all = new List<T>();
        var collected = new List<DattoWarning>();
        string? previous = null;
        for (var page = 1; ; page++)
        {
            var (list, (items, fingerprint)) = await GetAsync(path, PageQuery(page, filter), slow: false, root =>
            {
                var parsed = DattoList.Read(root);
                return (parsed, (parsed.Items.Select(item => readItem(item, collected)).OfType<T>().ToArray(), parsed.Fingerprint()));
            }, cancellationToken);
            if (list.Shape == DattoListShape.Unrecognised || (fingerprint == previous && list.Items.Count > 0))
            {
                warnings.Add(new(DattoWarningKind.UnexpectedShape, subject, path, list.Shape == DattoListShape.Unrecognised
                    ? $"page {page} answered {list.Describe()}"
                    : $"page {page} repeats page {page - 1}: the server ignores _page, so the list has no known end"));
                return null;
            }
            previous = fingerprint;
            all.AddRange(items);
            if (!HasNextPage(list, page))
            {
                warnings.AddRange(collected);
                return all;
            }
        }
    }

    private string PageQuery(int page, string? filter) =>
        $"_page={page}&_perPage={_options.PageSize}" + (filter is null ? "" : "&" + filter);

    // totalPages can be 0 for an empty list. An empty page also ends the loop, so a server that keeps
    // promising more pages cannot spin the sync forever.
    private static bool HasNextPage(DattoList list, int page) =>
        list is { Shape: DattoListShape.Envelope, Pagination.TotalPages: { } total } && page < total && list.Items.Count > 0;

    private async Task<T> GetAsync<T>(string path, string? query, bool slow, Func<JsonElement?, T> read, CancellationToken cancellationToken)
    {
        var route = query is null ? path : $"{path}?{query}";
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        if (slow) DattoResilience.MarkSlow(request);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (BrokenCircuitException ex) { throw new DattoUnavailableException(path, ex); }
        catch (TimeoutRejectedException ex) { throw new DattoRequestFailedException(path, null, $"timed out after retries ({ex.Timeout.TotalSeconds:0.#} s)", ex); }
        catch (RateLimiterRejectedException ex) { throw new DattoRequestFailedException(path, null, "rejected by the client-side rate limiter", ex); }
        catch (HttpRequestException ex) { throw new DattoRequestFailedException(path, null, $"network error after retries ({ex.HttpRequestError}: {ex.Message})", ex); }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DattoRequestFailedException(path, null, "timed out", ex);
        }

        using (response)
        {
            switch (response.StatusCode)
            {
                case HttpStatusCode.Unauthorized: throw new DattoAuthenticationException(path);
                // Without the device list nothing can be reconciled; a key scoped out of one other section (SaaS,
                // endpoint backup, one device's assets) only leaves that section unknown.
                case HttpStatusCode.Forbidden when path == DattoWireFormat.DevicesEndpoint: throw new DattoAuthorizationException(path);
                case HttpStatusCode.Forbidden:
                    throw new DattoRequestFailedException(path, response.StatusCode, "403 Forbidden: the API key is out of scope for this section");
            }
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new DattoRequestFailedException(path, response.StatusCode,
                    $"{(int)response.StatusCode} {response.ReasonPhrase}{DattoErrorBody.Detail(body)}");
            if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty || response.StatusCode == HttpStatusCode.NoContent) return read(null);
            try
            {
                using var document = JsonDocument.Parse(body);
                return read(document.RootElement);
            }
            catch (JsonException ex)
            {
                throw new DattoRequestFailedException(path, response.StatusCode, $"body is not valid JSON ({ex.Message})", ex);
            }
        }
    }
}
