using FluentValidation;
using LedgerReconcile.Domain;

namespace LedgerReconcile.Application.Customers;

/// <summary>
/// One Datto sync's view of one customer (a Datto organization), shaped like the Datto payloads. The customer is
/// keyed on <see cref="OrganizationId"/>, or on <see cref="ClientCompanyName"/> for payloads too old to carry one.
/// </summary>
public sealed record IngestUsageSnapshot(
    CommandContext Context,
    string SnapshotId,
    string? SyncRunId,
    DateTimeOffset ObservedAt,
    long? OrganizationId,
    string? OrganizationName,
    string? ClientCompanyName,
    IReadOnlyList<SnapshotDevice> Devices,
    IReadOnlyList<SnapshotAsset> Assets,
    IReadOnlyList<SnapshotEndpointAgent>? EndpointAgents,
    IReadOnlyList<SnapshotSaasDomain>? SaasDomains,
    IReadOnlyList<SnapshotWarning>? Warnings) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ISystemCommand
{
    public string CustomerKey() => CustomerKeys.For(OrganizationId, ClientCompanyName);

    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.RecordUsageSnapshot(
            SnapshotId,
            SyncRunId,
            ObservedAt,
            OrganizationId,
            OrganizationName ?? ClientCompanyName ?? "",
            Devices.Select(d => new ObservedDevice(
                    d.SerialNumber,
                    d.Name,
                    d.Model,
                    d.Hidden!.Value,
                    d.ServicePeriodEnd,
                    d.IsAzure!.Value,
                    d.OffsiteStorageUsed?.Size,
                    d.OffsiteStorageUsed?.Units))
                .ToList(),
            Assets.Select(a => new VolumeUsage(
                    a.DeviceSerial,
                    a.Volume,
                    a.Name,
                    EnumText.Parse<VolumeType>(a.Type),
                    a.IsPaused!.Value,
                    a.IsArchived!.Value,
                    a.Os,
                    a.LastSnapshot))
                .ToList(),
            (EndpointAgents ?? []).Select(a => new EndpointAgentUsage(a.AssetUuid, a.Name, a.Type, a.Subscription)).ToList(),
            (SaasDomains ?? []).Select(d => new SaasDomainUsage(
                    d.SaasCustomerId,
                    d.Domain,
                    d.ProductType,
                    d.SeatsUsed!.Value,
                    d.Seats?.Select(s => new SaasSeatUsage(s.MainId, s.Name, s.SeatType, s.SeatState, s.Billable == "1")).ToList()))
                .ToList(),
            (Warnings ?? []).Select(w => new SyncWarning(EnumText.Parse<SyncWarningKind>(w.Kind), w.Message, w.DeviceSerial)).ToList(),
            Context.Actor,
            now);
}

public sealed record SnapshotDevice(
    string SerialNumber,
    string Name,
    string Model,
    bool? Hidden,
    DateOnly? ServicePeriodEnd,
    bool? IsAzure,
    SnapshotStorage? OffsiteStorageUsed);

/// <param name="Units">Datto's unit string; missing for the newer plain-number form, which is bytes.</param>
public sealed record SnapshotStorage(decimal? Size, string? Units);

/// <param name="Type">Datto's <c>type</c>: "agent" or "share".</param>
public sealed record SnapshotAsset(
    string DeviceSerial,
    string Volume,
    string Name,
    string Type,
    bool? IsPaused,
    bool? IsArchived,
    string? Os,
    DateTimeOffset? LastSnapshot);

public sealed record SnapshotEndpointAgent(string AssetUuid, string Name, string? Type, string? Subscription);

/// <param name="Seats">Null when <c>/seats</c> could not be read.</param>
public sealed record SnapshotSaasDomain(long SaasCustomerId, string Domain, string ProductType, int? SeatsUsed, IReadOnlyList<SnapshotSaasSeat>? Seats);

/// <param name="Billable">Datto's string flag: "1" is billable, anything else (including "") is not.</param>
public sealed record SnapshotSaasSeat(string MainId, string Name, string SeatType, string SeatState, string? Billable);

/// <param name="Kind">A <see cref="SyncWarningKind"/> name.</param>
public sealed record SnapshotWarning(string Kind, string Message, string? DeviceSerial);

public sealed class IngestUsageSnapshotValidator : LedgerCommandValidator<IngestUsageSnapshot>
{
    public IngestUsageSnapshotValidator(TimeProvider clock)
    {
        RuleFor(c => c.SnapshotId).IsIdentifier(IdKind.Snapshot);
        RuleFor(c => c.SyncRunId).IsOptionalIdentifier();
        RuleFor(c => c.ObservedAt).IsObservationTime(clock);
        RuleFor(c => c.OrganizationId).GreaterThan(0);
        RuleFor(c => c.OrganizationName).IsFreeText(LedgerRules.NameLength);
        RuleFor(c => c.ClientCompanyName).IsFreeText(LedgerRules.NameLength);
        RuleFor(c => c.ClientCompanyName)
            .Must(name => name is not null && CustomerKeys.NormaliseName(name).Length > 0)
            .When(c => c.OrganizationId is null)
            .WithMessage("Without an organization id, a client company name with letters or digits is required.");
        RuleFor(c => c.Devices).NotNull().WithMessage("'devices' is required; send [] when the organization has none.");
        RuleFor(c => c.Assets).NotNull().WithMessage("'assets' is required; send [] when the organization has none.");
        RuleForEach(c => c.Devices).IsPresentItem().ChildRules(device =>
        {
            device.RuleFor(d => d.SerialNumber).IsIdentifier();
            device.RuleFor(d => d.Name).IsRequired().IsFreeText(LedgerRules.NameLength);
            device.RuleFor(d => d.Model).IsRequired().IsFreeText(LedgerRules.NameLength);
            device.RuleFor(d => d.IsAzure).IsRequired();
            device.RuleFor(d => d.Hidden).NotNull().WithMessage("'hidden' is required: true or false.");
            device.RuleFor(d => d.OffsiteStorageUsed!.Size).IsStorageSize().When(d => d.OffsiteStorageUsed is not null).OverridePropertyName("OffsiteStorageUsed.Size");
            device.RuleFor(d => d.OffsiteStorageUsed!.Units)
                .Must(StorageSize.IsKnownUnit)
                .When(d => d.OffsiteStorageUsed is not null)
                .OverridePropertyName("OffsiteStorageUsed.Units")
                .WithMessage($"'{{PropertyValue}}' is not a storage unit ({string.Join(", ", StorageSize.KnownUnits)}).");
        }).When(c => c.Devices is not null);
        RuleForEach(c => c.Devices)
            .Must((command, device, context) => device is null || Counted(context, "serials", command.Devices, d => d?.SerialNumber)[device.SerialNumber ?? ""] == 1)
            .WithMessage("This serial number is listed more than once in one snapshot.")
            .OverridePropertyName("Devices")
            .When(c => c.Devices is not null);
        RuleForEach(c => c.Assets).IsPresentItem().ChildRules(asset =>
        {
            asset.RuleFor(a => a.Volume).IsIdentifier(IdKind.Volume);
            asset.RuleFor(a => a.DeviceSerial).IsIdentifier();
            asset.RuleFor(a => a.Name).IsRequired().IsFreeText(LedgerRules.NameLength);
            asset.RuleFor(a => a.IsPaused).IsRequired();
            asset.RuleFor(a => a.IsArchived).IsRequired();
            asset.RuleFor(a => a.Os).IsFreeText(LedgerRules.NameLength);
            asset.RuleFor(a => a.Type).IsOneOf<SnapshotAsset, VolumeType>();
            asset.RuleFor(a => a.LastSnapshot).IsLedgerTime(clock);
        }).When(c => c.Assets is not null);
        RuleForEach(c => c.Assets)
            .Must((command, asset, context) => asset is null || Counted(context, "volumes", command.Assets, a => a?.Volume)[asset.Volume ?? ""] == 1)
            .WithMessage("This volume is listed more than once in one snapshot.")
            .Must((command, asset, context) => asset is null || command.Devices is null
                || Counted(context, "serials", command.Devices, d => d?.SerialNumber).ContainsKey(asset.DeviceSerial ?? ""))
            .WithMessage("The asset's device is not in the snapshot.")
            .When(c => c.Assets is not null);
        RuleForEach(c => c.EndpointAgents).IsPresentItem().ChildRules(agent =>
        {
            agent.RuleFor(a => a.AssetUuid).IsIdentifier();
            agent.RuleFor(a => a.Name).IsRequired().IsFreeText(LedgerRules.NameLength);
            agent.RuleFor(a => a.Type).IsFreeText(LedgerRules.NameLength);
            agent.RuleFor(a => a.Subscription).IsFreeText(LedgerRules.NameLength);
        });
        RuleForEach(c => c.SaasDomains).IsPresentItem().ChildRules(domain =>
        {
            domain.RuleFor(d => d.SaasCustomerId).GreaterThan(0);
            domain.RuleFor(d => d.Domain).IsRequired().IsFreeText(LedgerRules.NameLength);
            domain.RuleFor(d => d.ProductType).IsRequired().IsFreeText(LedgerRules.NameLength);
            domain.RuleFor(d => d.SeatsUsed).NotNull().GreaterThanOrEqualTo(0);
            domain.RuleForEach(d => d.Seats).IsPresentItem().ChildRules(seat =>
            {
                seat.RuleFor(s => s.MainId).IsIdentifier();
                seat.RuleFor(s => s.Name).IsRequired().IsFreeText(LedgerRules.NameLength);
                seat.RuleFor(s => s.SeatType).NotEmpty().IsFreeText(100);
                seat.RuleFor(s => s.SeatState).NotEmpty().IsFreeText(100);
            });
        });
        RuleForEach(c => c.Warnings).IsPresentItem().ChildRules(warning =>
        {
            warning.RuleFor(w => w.Kind).IsOneOf<SnapshotWarning, SyncWarningKind>();
            warning.RuleFor(w => w.Message).IsRequired().IsFreeText(LedgerRules.ReasonLength, multiline: true);
            warning.RuleFor(w => w.DeviceSerial).IsOptionalIdentifier();
        });
    }

    // Counted once per validation and shared by every item's rule: a snapshot may list tens of thousands of devices,
    // and counting the whole list again for each of them made one request cost seconds of CPU.
    private static Dictionary<string, int> Counted<T>(ValidationContext<IngestUsageSnapshot> context, string key, IEnumerable<T> items, Func<T, string?> id)
    {
        if (context.RootContextData.TryGetValue(key, out var cached))
        {
            return (Dictionary<string, int>)cached;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var itemId = id(item) ?? "";
            counts[itemId] = counts.GetValueOrDefault(itemId) + 1;
        }

        context.RootContextData[key] = counts;
        return counts;
    }
}

/// <remarks>The customer is named by the snapshot's content, not by a key the sender chose.</remarks>
public sealed class IngestUsageSnapshotHandler(CustomerLedger ledger) : ICommandHandler<IngestUsageSnapshot, CommandResult>
{
    public ValueTask<CommandResult> Handle(IngestUsageSnapshot command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(command, command.CustomerKey(), command.ToDomain, cancellationToken);
}
