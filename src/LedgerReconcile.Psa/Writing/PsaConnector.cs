using System.Net;
using LedgerReconcile.Psa.Directory;

namespace LedgerReconcile.Psa.Writing;

/// <summary>
/// The port implemented once over <see cref="QuantityWriteProtocol"/>: an adapter brings how it lists, reads a
/// snapshot of one line and sends one write; reading, writing and resolving an unknown outcome are the same for all.
/// </summary>
internal abstract class PsaConnector<TSnapshot, TOptions> : IPsaConnector, IQuantityWriteChannel<TSnapshot>, ILineAdditionChannel
    where TOptions : PsaConnectionOptions
{
    // Stops a PSA that keeps promising another page from paging a sync forever.
    protected const int MaxPages = 10_000;

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly string _httpClientName;
    private readonly QuantityWriteProtocol _protocol;
    private readonly LineAdditionProtocol _additions;

    protected PsaConnector(
        PsaKind kind, PsaLineRef lineRefs, IHttpClientFactory httpClientFactory, string httpClientName,
        IOptions<TOptions> options, TimeProvider time, ILogger logger)
    {
        Kind = kind;
        LineRefs = lineRefs;
        Time = time;
        Options = options.Value;
        _httpClientFactory = httpClientFactory;
        _httpClientName = httpClientName;
        _protocol = new QuantityWriteProtocol(Options, time, logger);
        _additions = new LineAdditionProtocol(Options, time, logger);
    }

    public PsaKind Kind { get; }

    public bool WriteIsAbsolute => Kind.WriteStyle() == PsaWriteStyle.Absolute;

    public virtual bool ServerFaultsMayBeRejections => false;

    protected PsaLineRef LineRefs { get; }

    protected TimeProvider Time { get; }

    protected TOptions Options { get; }

    protected HttpClient Client => _httpClientFactory.CreateClient(_httpClientName);

    public abstract Task<IReadOnlyList<PsaLine>> ListRecurringLinesAsync(string companyId, DateOnly asOf, CancellationToken cancellationToken = default);

    public abstract Task<IReadOnlyList<PsaCompany>> SearchCompaniesAsync(string? nameContains, CancellationToken cancellationToken = default);

    public abstract Task<IReadOnlyList<PsaAgreement>> ListAgreementsAsync(
        string companyId, IReadOnlyCollection<string>? types = null, CancellationToken cancellationToken = default);

    public abstract Task<IReadOnlyList<PsaLine>> ListAgreementLinesAsync(
        string companyId, string agreementId, DateOnly asOf, CancellationToken cancellationToken = default);

    public Task<LineAdditionOutcome> AddLineAsync(NewPsaLine line, CancellationToken cancellationToken = default) =>
        _additions.RunAsync(this, line, cancellationToken);

    public virtual string? RefuseAddition(NewPsaLine line) =>
        Kind.WholeUnitsOnly() && line.Quantity != decimal.Truncate(line.Quantity)
            ? $"{Kind} takes whole numbers only: a line of {line.Quantity} cannot be added."
            : null;

    public abstract Task<WriteAttempt> SendAdditionAsync(NewPsaLine line, string marker, CancellationToken cancellationToken);

    public virtual Task<LineAdditionOutcome> CompleteAsync(PsaLine found, NewPsaLine line, ApplyEvidence? evidence, CancellationToken cancellationToken) =>
        Task.FromResult<LineAdditionOutcome>(evidence is { } e ? new LineAdditionOutcome.Added(found, e) : new LineAdditionOutcome.AlreadyAdded(found));

    Task<IReadOnlyList<PsaLine>> ILineAdditionChannel.ListAgreementLinesAsync(string companyId, string agreementId, DateOnly asOf, CancellationToken cancellationToken) =>
        ListAgreementLinesAsync(companyId, agreementId, asOf, cancellationToken);

    public virtual async Task<PsaLine> ReadLineAsync(string lineRef, DateOnly asOf, CancellationToken cancellationToken = default) =>
        LineOf(await ReadSnapshotAsync(lineRef, asOf, cancellationToken));

    public Task<QuantityWriteOutcome> SetQuantityAsync(QuantityChange change, CancellationToken cancellationToken = default)
    {
        LineRefs.Parse(change.LineRef);
        return _protocol.RunAsync(this, change, cancellationToken);
    }

    public async Task<UnknownOutcomeResolution> ResolveUnknownOutcomeAsync(
        string lineRef, decimal from, decimal to, DateOnly effectiveDate, CancellationToken cancellationToken = default)
    {
        var snapshot = await ReadSnapshotAsync(lineRef, effectiveDate, cancellationToken);
        return UnknownOutcomeResolution.From(lineRef, from, to, LineOf(snapshot).Quantity);
    }

    public virtual string? RefuseBeforeReading(QuantityChange change)
    {
        if (Kind.WholeUnitsOnly() && (change.NewQuantity != decimal.Truncate(change.NewQuantity) || change.ExpectedCurrent != decimal.Truncate(change.ExpectedCurrent)))
        {
            return $"{Kind} takes whole numbers only: {change.ExpectedCurrent} → {change.NewQuantity} cannot be written. " +
                   "Round the approved quantity (an accounting decision) before sending it.";
        }
        return change.NewQuantity < 0 ? $"A quantity cannot be negative ({change.NewQuantity})." : null;
    }

    public Task<TSnapshot> ReadFreshAsync(QuantityChange change, CancellationToken cancellationToken) =>
        ReadSnapshotAsync(change.LineRef, change.EffectiveDate, cancellationToken);

    public abstract PsaLine LineOf(TSnapshot snapshot);

    public abstract Task<WriteAttempt> SendAsync(TSnapshot current, QuantityChange change, CancellationToken cancellationToken);

    protected abstract Task<TSnapshot> ReadSnapshotAsync(string lineRef, DateOnly asOf, CancellationToken cancellationToken);

    protected abstract PsaRejection ParseError(PsaResponse response);

    // A PSA that answers with one of these has finished with the request without saying whether it applied it.
    protected virtual bool LeavesOutcomeOpen(HttpStatusCode status) =>
        (int)status >= 500 || status == HttpStatusCode.TooManyRequests;

    // Every PSA files a line under a company and a contract-like parent; the line ref adds the adapter's own ids below them.
    protected PsaLine Line(long company, long parent, long[] lineIds, string parentName, DateTimeOffset observedAt,
        string productCode, string description, decimal quantity, decimal unitPrice, string? readOnlyReason) =>
        new(LineRefs.Format([company, parent, .. lineIds]), Kind,
            company.ToString(CultureInfo.InvariantCulture), parent.ToString(CultureInfo.InvariantCulture), parentName,
            productCode, description, quantity, unitPrice, readOnlyReason, observedAt);

    protected static long ParseId(string id, string what) =>
        long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"'{id}' is not a {what} id.", what);

    protected static DateOnly? DayOf(DateTimeOffset? date) => date is { } d ? DateOnly.FromDateTime(d.UtcDateTime) : null;

    protected static bool ContainsName(string? name, string? fragment) =>
        string.IsNullOrWhiteSpace(fragment) || (name?.Contains(fragment.Trim(), StringComparison.OrdinalIgnoreCase) ?? false);

    protected async Task<WriteAttempt> WriteAsync(
        HttpRequestMessage request, string noAnswer, Func<PsaResponse, decimal?> readBack, CancellationToken cancellationToken)
    {
        var response = await PsaHttp.WriteAsync(Client, request, Kind, cancellationToken);
        if (response is null)
            return new WriteAttempt.NoResponse(noAnswer);
        if ((int)response.Status is >= 200 and < 300)
            return new WriteAttempt.Accepted(readBack(response));
        var rejection = ParseError(response);
        return LeavesOutcomeOpen(response.Status) ? new WriteAttempt.Faulted(rejection) : new WriteAttempt.Rejected(rejection);
    }
}
