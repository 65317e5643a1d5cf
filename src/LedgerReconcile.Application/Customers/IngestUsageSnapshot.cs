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
                    d.Hidden,
                    d.ServicePeriodEnd,
                    d.IsAzure,
                    d.OffsiteStorageUsed?.Size,
                    d.OffsiteStorageUsed?.Units))
                .ToList(),
            Assets.Select(a => new VolumeUsage(
                    a.DeviceSerial,
                    a.Volume,
                    a.Name,
                    EnumText.Parse<VolumeType>(a.Type),
                    a.IsPaused,
                    a.IsArchived,
                    a.Os,
                    a.LastSnapshot))
                .ToList(),
            (EndpointAgents ?? []).Select(a => new EndpointAgentUsage(a.AssetUuid, a.Name, a.Type, a.Subscription)).ToList(),
            (SaasDomains ?? []).Select(d => new SaasDomainUsage(
                    d.SaasCustomerId,
                    d.Domain,
                    d.ProductType,
                    d.SeatsUsed,
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
    bool Hidden,
    DateOnly? ServicePeriodEnd,
    bool IsAzure,
    SnapshotStorage? OffsiteStorageUsed);

/// <param name="Units">Datto's unit string; missing for the newer plain-number form, which is bytes.</param>
public sealed record SnapshotStorage(decimal Size, string? Units);

/// <param name="Type">Datto's <c>type</c>: "agent" or "share".</param>
public sealed record SnapshotAsset(
    string DeviceSerial,
    string Volume,
    string Name,
    string Type,
    bool IsPaused,
    bool IsArchived,
    string? Os,
    DateTimeOffset? LastSnapshot);

public sealed record SnapshotEndpointAgent(string AssetUuid, string Name, string? Type, string? Subscription);

/// <param name="Seats">Null when <c>/seats</c> could not be read.</param>
public sealed record SnapshotSaasDomain(long SaasCustomerId, string Domain, string ProductType, int SeatsUsed, IReadOnlyList<SnapshotSaasSeat>? Seats);

/// <param name="Billable">Datto's string flag: "1" is billable, anything else (including "") is not.</param>
public sealed record SnapshotSaasSeat(string MainId, string Name, string SeatType, string SeatState, string? Billable);

/// <param name="Kind">A <see cref="SyncWarningKind"/> name.</param>
public sealed record SnapshotWarning(string Kind, string Message, string? DeviceSerial);

public sealed class IngestUsageSnapshotValidator : LedgerCommandValidator<IngestUsageSnapshot>
{
    public IngestUsageSnapshotValidator()
    {
        RuleFor(c => c.SnapshotId).IsIdentifier();
        RuleFor(c => c.ObservedAt).NotEqual(default(DateTimeOffset));
        RuleFor(c => c.OrganizationId).GreaterThan(0);
        RuleFor(c => c.ClientCompanyName)
            .Must(name => name is not null && CustomerKeys.NormaliseName(name).Length > 0)
            .When(c => c.OrganizationId is null)
            .WithMessage("Without an organization id, a client company name with letters or digits is required.");
        RuleFor(c => c.Devices).NotNull();
        RuleFor(c => c.Assets).NotNull();
        RuleForEach(c => c.Devices).ChildRules(device =>
        {
            device.RuleFor(d => d.SerialNumber).IsIdentifier();
            device.RuleFor(d => d.OffsiteStorageUsed!.Size).GreaterThanOrEqualTo(0).When(d => d.OffsiteStorageUsed is not null).OverridePropertyName("OffsiteStorageUsed.Size");
            device.RuleFor(d => d.OffsiteStorageUsed!.Units)
                .Must(StorageSize.IsKnownUnit)
                .When(d => d.OffsiteStorageUsed is not null)
                .OverridePropertyName("OffsiteStorageUsed.Units")
                .WithMessage($"'{{PropertyValue}}' is not a storage unit ({string.Join(", ", StorageSize.KnownUnits)}).");
        });
        RuleForEach(c => c.Devices)
            .Must((command, device, context) => Counted(context, "serials", command.Devices, d => d.SerialNumber)[device.SerialNumber ?? ""] == 1)
            .WithMessage("This serial number is listed more than once in one snapshot.")
            .OverridePropertyName("Devices");
        RuleForEach(c => c.Assets).ChildRules(asset =>
        {
            asset.RuleFor(a => a.Volume).IsIdentifier();
            asset.RuleFor(a => a.DeviceSerial).IsIdentifier();
            asset.RuleFor(a => a.Type).IsOneOf<SnapshotAsset, VolumeType>();
        });
        RuleForEach(c => c.Assets)
            .Must((command, asset, context) => Counted(context, "volumes", command.Assets, a => a.Volume)[asset.Volume ?? ""] == 1)
            .WithMessage("This volume is listed more than once in one snapshot.")
            .Must((command, asset, context) => Counted(context, "serials", command.Devices, d => d.SerialNumber).ContainsKey(asset.DeviceSerial ?? ""))
            .WithMessage("The asset's device is not in the snapshot.");
        RuleForEach(c => c.EndpointAgents).ChildRules(agent => agent.RuleFor(a => a.AssetUuid).IsIdentifier());
        RuleForEach(c => c.SaasDomains).ChildRules(domain =>
        {
            domain.RuleFor(d => d.SaasCustomerId).GreaterThan(0);
            domain.RuleFor(d => d.SeatsUsed).GreaterThanOrEqualTo(0);
            domain.RuleForEach(d => d.Seats).ChildRules(seat =>
            {
                seat.RuleFor(s => s.MainId).IsIdentifier();
                seat.RuleFor(s => s.SeatType).NotEmpty();
                seat.RuleFor(s => s.SeatState).NotEmpty();
            });
        });
        RuleForEach(c => c.Warnings).ChildRules(warning => warning.RuleFor(w => w.Kind).IsOneOf<SnapshotWarning, SyncWarningKind>());
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
