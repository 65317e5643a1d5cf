using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Tenants;

/// <summary>
/// Sets the tenant's own sync schedule (Datto sync and PSA read intervals), the PSA agreement types the PSA read looks at
/// (empty: every type), and how long an organization may go unreported before a person is asked.
/// </summary>
public sealed record SetTenantSyncSettings(
    CommandContext Context,
    int? DattoSyncIntervalMinutes,
    int? PsaReadIntervalMinutes,
    IReadOnlyList<string>? PsaAgreementTypes,
    int? UsageGraceSyncs,
    int? UsageGraceHours) : ICommand<CommandResult>, ILedgerCommand<TenantCommand>, IUserCommand
{
    public TenantCommand ToDomain(DateTimeOffset now) =>
        new TenantCommand.SetSyncSettings(
            new SyncSettings(
                TimeSpan.FromMinutes(DattoSyncIntervalMinutes!.Value),
                TimeSpan.FromMinutes(PsaReadIntervalMinutes!.Value),
                PsaAgreementTypes!.Select(t => t.Trim()).ToList(),
                UsageGraceSyncs!.Value,
                TimeSpan.FromHours(UsageGraceHours!.Value)),
            Context.Actor,
            now);
}

public sealed class SetTenantSyncSettingsValidator : LedgerCommandValidator<SetTenantSyncSettings>
{
    public SetTenantSyncSettingsValidator()
    {
        var shortest = (int)SyncSettings.ShortestInterval.TotalMinutes;
        var longest = (int)SyncSettings.LongestInterval.TotalMinutes;
        RuleFor(c => c.DattoSyncIntervalMinutes).NotNull().WithMessage("'{PropertyName}' is required.").InclusiveBetween(shortest, longest);
        RuleFor(c => c.PsaReadIntervalMinutes).NotNull().WithMessage("'{PropertyName}' is required.").InclusiveBetween(shortest, longest);
        RuleFor(c => c.PsaAgreementTypes).NotNull().WithMessage("'{PropertyName}' is required (an empty list reads every type).")
            .Must(types => types is null || types.Count <= SyncSettings.MaxAgreementTypes)
            .WithMessage($"At most {SyncSettings.MaxAgreementTypes} agreement types can be listed.");
        RuleForEach(c => c.PsaAgreementTypes).IsName();
        RuleFor(c => c.UsageGraceSyncs).NotNull().WithMessage("'{PropertyName}' is required.").InclusiveBetween(1, 100);
        RuleFor(c => c.UsageGraceHours).NotNull().WithMessage("'{PropertyName}' is required.").InclusiveBetween(1, 90 * 24);
    }
}

public sealed class SetTenantSyncSettingsHandler(TenantLedger ledger) : TenantCommandHandler<SetTenantSyncSettings>(ledger);
