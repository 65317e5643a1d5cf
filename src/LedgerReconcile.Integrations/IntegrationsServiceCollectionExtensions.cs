using LedgerReconcile.Integrations.Credentials;
using LedgerReconcile.Application.Mapping;
using LedgerReconcile.Integrations.Datto;
using LedgerReconcile.Integrations.Mapping;
using LedgerReconcile.Integrations.PsaRead;
using LedgerReconcile.Integrations.WriteBack;
using LedgerReconcile.Integrations.Webhooks;
using LedgerReconcile.Application.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LedgerReconcile.Integrations;

public static class IntegrationsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Datto sync (on demand: <see cref="DattoUsageSync"/>), the PSA read (<see cref="PsaReadSync"/>) and the PSA write-back (on demand and dry
    /// run: <see cref="PsaWriteDispatcher"/>). The host also
    /// registers the application (<c>AddLedgerApplication</c> + <c>AddMediator</c>), an <c>IEventStore</c>, an
    /// <see cref="IDattoCredentialSource"/> and, for write-back, the PSA adapters (<c>AddConnectWisePsa</c>, ...) or its
    /// own <see cref="IPsaConnectorSource"/> registered before this call. The schedules are separate:
    /// <see cref="AddLedgerIntegrationWorkers"/>.
    /// </summary>
    public static IServiceCollection AddLedgerIntegrations(this IServiceCollection services, Action<LedgerIntegrationOptions>? configure = null)
    {
        var options = services.AddOptions<LedgerIntegrationOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(
                o => o.DattoSyncInterval > TimeSpan.Zero && o.PsaReadInterval > TimeSpan.Zero && o.WriteBackInterval > TimeSpan.Zero && o.ScheduleCheckInterval > TimeSpan.Zero,
                "Sync, PSA read, schedule check and write-back intervals must be positive.")
            .Validate(o => o.SnapshotParallelism > 0 && o.PsaReadParallelism > 0 && o.MaxWriteAttemptsPerProposal > 0, "Parallelism and write attempts must be positive.")
            .Validate(o => o.UnknownOutcomeGrace >= TimeSpan.Zero, "The unknown-outcome grace cannot be negative.");
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.TryAddSingleton<TenantSchedule>();
        services.TryAddSingleton<DattoClientFactory>();
        services.TryAddSingleton<NotReportedCustomers>();
        services.TryAddSingleton<DattoUsageSync>();
        services.TryAddSingleton<AutomaticProposals>();
        services.TryAddSingleton<MappedCustomers>();
        services.TryAddSingleton<PsaCompanyReadRun>();
        services.TryAddSingleton<PsaReadSync>();
        services.TryAddSingleton<IPsaReadTenants, DattoSyncedPsaReadTenants>();
        services.TryAddSingleton<WriteBackIndex>();
        services.TryAddSingleton<IPsaConnectorSource, RegisteredPsaConnectors>();
        services.Replace(ServiceDescriptor.Singleton<ITenantPsaDirectory, ConnectorPsaDirectory>());
        services.TryAddSingleton<WriteBackLedger>();
        services.TryAddSingleton<WriteBackPlanner>();
        services.TryAddSingleton<AutoApprover>();
        services.TryAddSingleton<WriteOutcomeRecorder>();
        services.TryAddSingleton<LineAdditionDispatcher>();
        services.TryAddSingleton<PsaWriteDispatcher>();
        services.TryAddSingleton<WriteBackRuns>();
        services.TryAddSingleton<WebhookOptions>();
        services.TryAddSingleton<AlertBook>();
        services.TryAddSingleton<AlertSource>();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<WebhookDeliveryWorker>();
        return services;
    }

    /// <summary>
    /// Registers the credential vault (encrypted values in the store adapter's <c>ICredentialTable</c>, keys from ASP.NET
    /// Core Data Protection, which the host configures) and the Datto and PSA clients built from it, per tenant.
    /// Call before <see cref="AddLedgerIntegrations"/>, whose defaults it replaces.
    /// </summary>
    public static IServiceCollection AddLedgerCredentials(this IServiceCollection services)
    {
        services.TryAddSingleton<CredentialVault>();
        services.TryAddSingleton<IntegrationCredentials>();
        services.TryAddSingleton<IPsaConnectorSource, VaultPsaConnectorSource>();
        services.TryAddSingleton<IDattoCredentialSource, VaultDattoCredentialSource>();
        services.TryAddSingleton<IPsaReadTenants, VaultPsaReadTenants>();
        services.Replace(ServiceDescriptor.Singleton<IWebhookSecrets, WebhookSecretVault>());
        return services;
    }

    /// <summary>The hosted services: the scheduled Datto sync, the scheduled PSA read and the PSA write-back dispatcher.</summary>
    public static IServiceCollection AddLedgerIntegrationWorkers(this IServiceCollection services)
    {
        services.AddHostedService<DattoSyncService>();
        services.AddHostedService<PsaReadService>();
        services.AddHostedService<PsaWriteBackService>();
        return services;
    }
}
