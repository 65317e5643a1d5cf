using FluentValidation;
using LedgerReconcile.Application.ApiKeys;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Pipeline;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LedgerReconcile.Application;

public static class ApplicationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the ledger, validators and pipeline behaviours. The host also calls the source-generated
    /// <c>AddMediator</c> (Scoped, scanning this assembly) and registers an <c>IEventStore</c>.
    /// </summary>
    public static IServiceCollection AddLedgerApplication(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DecodedEventCache>(_ => new DecodedEventCache());
        services.TryAddSingleton<LedgerReader>();
        services.TryAddSingleton<CustomerDirectory>();
        services.AddScoped<LedgerStore>();
        services.AddScoped<CustomerLedger>();
        services.AddScoped<TenantLedger>();
        services.AddScoped<ApiKeyLedger>();
        services.AddScoped<CredentialsLedger>();
        services.AddScoped<Webhooks.WebhookLedger>();
        services.AddScoped<Webhooks.AlertLedger>();
        services.TryAddSingleton<Webhooks.WebhookAddressGuard>();
        services.TryAddSingleton<Webhooks.IWebhookSecrets, Webhooks.NoWebhookSecrets>();
        services.AddScoped<Proposals.ProposalFinder>();
        services.AddScoped<Customers.SharedLineCensus>();
        services.AddScoped<Mapping.AccountMappingConfirmer>();
        services.AddScoped<Periods.PeriodQuantities>();
        services.AddScoped<Periods.ClosedPeriodAdjuster>();
        services.AddScoped<Periods.MonthEndBlockers>();
        services.TryAddSingleton<Mapping.ITenantPsaDirectory, Mapping.NoPsaConnections>();
        services.TryAddSingleton<ApiKeyRegistry>();
        services.AddValidatorsFromAssemblyContaining<CommandResult>(ServiceLifetime.Singleton);

        // Registration order is pipeline order: logging wraps validation, so refused commands are logged too.
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ClosedPeriodBehaviour<,>));
        return services;
    }
}
