using LedgerReconcile.Application.Sync;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.SyncRuns;
using LedgerReconcile.Integrations.Credentials;
using LedgerReconcile.Integrations.Datto;
using LedgerReconcile.Integrations.PsaRead;
using LedgerReconcile.Integrations.WriteBack;

namespace LedgerReconcile.Api.Endpoints;

/// <summary>All that is ever shown about stored credentials.</summary>
public sealed record CredentialStampView(string Integration, string Fingerprint, DateTimeOffset ChangedAt)
{
    public static CredentialStampView From(CredentialStamp stamp) => new(stamp.Integration.ToString(), stamp.Fingerprint, stamp.ChangedAt);
}

public static class IntegrationEndpoints
{
    public static IEndpointRouteBuilder MapIntegrationEndpoints(this IEndpointRouteBuilder app)
    {
        var integrations = app.MapGroup("/api/integrations/{integration}").WithTags("Integrations")
            .RequireAuthorization(Policies.ManageIntegrations)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        integrations.MapPut("/credentials", SetAsync)
            .WithName("SetCredentials")
            .WithSummary("Set the credentials of an integration (write-only)")
            .WithDescription(
                "integration is datto, connectwise, autotask, halopsa or syncro. Fields: datto publicKey, secretKey [, baseAddress]; " +
                "connectwise baseAddress, companyId, publicKey, privateKey, clientId; autotask userName, secret, " +
                "apiIntegrationCode [, zoneLookupAddress]; halopsa baseAddress, clientId, clientSecret [, tenant, tokenEndpoint]; syncro subdomain, apiToken [, baseAddress]. " +
                "Values are encrypted at rest and can never be read back: the answer, and the system.credentials_changed.v1 " +
                "event recorded for auditors, carry only a fingerprint and the time. Role: admin.")
            .ProducesValidationProblem()
            .WithBodyLimit(RequestBodyLimit.Command)
            .WithRequestExample(new Dictionary<string, string> { ["publicKey"] = "your-datto-public-key", ["secretKey"] = "your-datto-secret-key" })
            .WithResponseExample(new CredentialStampView("Datto", "hmac-sha256:3f9c2a7d41b0e8c5", new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero)));

        integrations.MapGet("/credentials", GetAsync)
            .WithName("GetCredentialStamp")
            .WithSummary("When the credentials last changed, and their fingerprint")
            .WithDescription("Never the values. 404 when none are set. Role: admin.");

        integrations.MapPost("/test", TestAsync)
            .WithName("TestConnection")
            .WithSummary("Test the connection with the stored credentials")
            .WithDescription("Connects to Datto or the PSA with the stored credentials and reads the least that proves they work; says what is wrong when they do not. Role: admin.")
            .WithResponseExample(new ConnectionTestResult("Datto", true, "None", "Connected to Datto; the key sees 42 BCDR device(s).", new DateTimeOffset(2026, 11, 26, 9, 31, 0, TimeSpan.Zero)));
        app.MapPost("/api/integrations/datto/sync", SyncAsync)
            .WithTags("Integrations")
            .RequireAuthorization(Policies.ManageIntegrations)
            .WithName("SyncDatto")
            .WithSummary("Pull Datto usage now")
            .WithDescription(
                "Runs a Datto sync for your tenant with the stored credentials: every organization's usage becomes a " +
                "snapshot in its customer's ledger, and the run (counts, warnings, or why it failed) is recorded. A request " +
                "while a run is going gets that run's result. Outcome Failed says why (e.g. no credentials, key refused). Role: admin.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        app.MapPost("/api/integrations/psa/sync", PsaReadAsync)
            .WithTags("Integrations")
            .RequireAuthorization(Policies.ManageIntegrations)
            .WithName("SyncPsa")
            .WithSummary("Read the PSA now")
            .WithDescription(
                "Reads every PSA your tenant is connected to (one recorded run each, listed by GET /api/sync-runs): for every mapped " +
                "company, its agreements of the chosen types and their recurring lines; a mapped line's quantity, bill flag and " +
                "status are recorded when they changed, a line gone from the agreement is recorded as vanished, a company rename " +
                "as drift. A company that cannot be read is a warning and keeps its last observation. Then the tenant is " +
                "reconciled, so proposals follow. A request while a read is going gets that read's result; Outcome Failed says " +
                "why (e.g. no credentials). Role: admin.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithResponseExample(new PsaReadResult(
                "msp-one",
                "on-demand",
                [new PsaReadRunResult("0193b2c4-5d6e-7f80-9a1b-2c3d4e5f6a7b", "psa:connectwise", Domain.Billing.PsaKind.ConnectWise, PsaReadOutcome.Completed,
                    new PsaReadCounts(42, 1, 126, 3),
                    [new SyncRunWarning("PsaCompanyUnreadable", "ConnectWise:19300", "Company 19300 could not be read (HTTP 403: ...); its 3 mapped line(s) keep their last observation.")],
                    null)],
                2));

        app.MapPost("/api/integrations/psa/write-back", WriteBackAsync)
            .WithTags("Integrations")
            .RequireAuthorization(Policies.ManageIntegrations)
            .WithName("DispatchWriteBack")
            .WithSummary("Write approved quantities to the PSA now")
            .WithDescription(
                "One write-back pass for your tenant: writes left without an outcome are resolved by reading the PSA line " +
                "(never by sending again), then every approved change is written: the intent is recorded first, the line is " +
                "re-read, a line someone edited by hand stops with a conflict for a person, and the outcome is recorded. The pass is " +
                "recorded as an on-demand run (source psa-write-back) in GET /api/sync-runs, also while the write-back schedule is paused. Role: admin.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        app.MapGet("/api/integrations/psa/write-back/plan", WriteBackPlanAsync)
            .WithTags("Integrations")
            .RequireAuthorization(Policies.ReviewWriteBack)
            .WithName("PlanWriteBack")
            .WithSummary("Dry run: what a write-back pass would write")
            .WithDescription(
                "Every approved change with the line, from and to, and whether it would be written or why it would stop, " +
                "recording nothing and sending no write. With readPsa=true (default) each line is read, so a manual edit shows " +
                "as a stop. Roles: admin, finance.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        app.MapGet("/api/sync-runs", SyncRunsAsync)
            .WithTags("Integrations")
            .RequireAuthorization(Policies.Read)
            .WithName("ListSyncRuns")
            .WithSummary("List the tenant's sync runs")
            .WithDescription("Every sync run, Datto syncs, PSA reads and write-back passes: when, why (schedule or on demand), by whom, and how it ended; a PSA read also carries its counts (companies, unreadable companies, lines, lines changed) and warnings, a write-back pass its counts (written, resolved, conflicts, failed, skipped, auto-approved). A scheduled write-back pass on the host's default is recorded only when it did something.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<Ok<DattoSyncResult>> SyncAsync(HttpContext http, DattoUsageSync sync, CancellationToken ct)
    {
        var caller = http.CommandContext();
        return TypedResults.Ok(await sync.SyncAsync(new SyncDattoUsage(caller.Tenant, SyncDattoUsage.Triggers.OnDemand, caller.Actor, caller.CorrelationId), ct));
    }

    private static async Task<Ok<PsaReadResult>> PsaReadAsync(HttpContext http, PsaReadSync sync, CancellationToken ct)
    {
        var caller = http.CommandContext();
        return TypedResults.Ok(await sync.SyncAsync(caller.Tenant, SyncDattoUsage.Triggers.OnDemand, caller.Actor, caller.CorrelationId, ct));
    }

    private static async Task<Ok<WriteBackReport>> WriteBackAsync(HttpContext http, WriteBackRuns runs, CancellationToken ct)
    {
        var caller = http.CommandContext();
        return TypedResults.Ok(await runs.RunAsync(caller.Tenant, SyncDattoUsage.Triggers.OnDemand, caller.Actor, recordIdle: true, caller.CorrelationId, ct));
    }

    private static async Task<Ok<IReadOnlyList<PlannedWrite>>> WriteBackPlanAsync(HttpContext http, PsaWriteDispatcher dispatcher, bool? readPsa, CancellationToken ct) =>
        TypedResults.Ok(await dispatcher.DryRunAsync(http.User.Tenant(), readPsa ?? true, ct));

    private static async Task<Ok<IReadOnlyList<SyncRunSummary>>> SyncRunsAsync(HttpContext http, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<SyncRunSummary>>((await mediator.Send(new GetSyncRuns(http.User.Tenant()), ct)).State.Runs.Values
            .OrderByDescending(r => r.StartedAt)
            .ToList());

    public static Integration ParseIntegration(string integration) =>
        EnumText.TryParseName<Integration>(integration, out var parsed)
            ? parsed
            : throw new ResourceNotFoundException($"There is no integration '{integration}'; use datto, connectwise, autotask, halopsa or syncro.");

    private static async Task<Ok<CredentialStampView>> SetAsync(
        string integration, Dictionary<string, string?> body, HttpContext http, IntegrationCredentials credentials, CancellationToken ct) =>
        TypedResults.Ok(CredentialStampView.From(await credentials.SetAsync(http.SystemCommandContext(), ParseIntegration(integration), body, ct)));

    private static async Task<Ok<CredentialStampView>> GetAsync(string integration, HttpContext http, IntegrationCredentials credentials, CancellationToken ct) =>
        TypedResults.Ok(CredentialStampView.From(
            await credentials.StampAsync(http.User.Tenant(), ParseIntegration(integration), ct)
            ?? throw new ResourceNotFoundException($"No {integration} credentials are set for your tenant.")));

    private static async Task<Ok<ConnectionTestResult>> TestAsync(string integration, HttpContext http, IntegrationCredentials credentials, CancellationToken ct) =>
        TypedResults.Ok(await credentials.TestAsync(http.User.Tenant(), ParseIntegration(integration), ct));
}
