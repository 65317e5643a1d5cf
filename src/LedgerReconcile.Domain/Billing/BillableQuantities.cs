using System.Collections.Immutable;
using LedgerReconcile.Domain.Customers;

namespace LedgerReconcile.Domain.Billing;

/// <summary>
/// What is billable, per service, from a folded customer ledger and the tenant's policies: a pure function, so the
/// same events and policies always give the same quantities and the same explanation.
/// </summary>
public static class BillableQuantities
{
    /// <summary>The seat type under which SaaS domains without a readable seat list are counted.</summary>
    public const string UnlistedSeatType = "Unlisted";

    private static readonly HashSet<string> BillableSeatStates = new(StringComparer.Ordinal) { "Active", "Paused", "Archived" };

    public static BillableUsage Compute(CustomerState customer, ImmutableDictionary<CountingPolicyKind, CountingChoice> tenantPolicies)
    {
        var policies = new CountingPolicies(tenantPolicies, customer.PolicyOverrides);
        var content = customer.Usage?.Content ?? UsageContent.Empty;
        var observedOn = customer.Usage is { } usage ? DateOnly.FromDateTime(usage.LastSeenAt.UtcDateTime) : (DateOnly?)null;
        var classifier = new Classifier(customer, policies);

        var devices = content.Devices
            .Select(d => (Device: d, Outcome: classifier.Classify(AssetRef.Device(d.SerialNumber), d.Name, 1m, DevicePolicies(d, observedOn), null)))
            .ToList();
        var devicesBySerial = content.Devices.ToDictionary(d => d.SerialNumber, StringComparer.Ordinal);

        // Shares go on their own line when the MSP mapped one; otherwise reconciled shares are billed as agents.
        var sharesHaveTheirOwnLine = customer.Services.ContainsKey(new ServiceLine(BillableService.NasShares));
        var volumeOutcomes = content.Volumes
            .Select(v => (Volume: v, Outcome: ClassifyVolume(classifier, v, devicesBySerial)))
            .ToList();

        var services = new List<ServiceQuantity>
        {
            Quantify(customer, new ServiceLine(BillableService.PerDevice), devices.Select(d => d.Outcome)),
            Quantify(
                customer,
                new ServiceLine(BillableService.PerAgent),
                volumeOutcomes.Where(v => v.Volume.Type == VolumeType.Agent || !sharesHaveTheirOwnLine).Select(v => v.Outcome)),
            Quantify(
                customer,
                new ServiceLine(BillableService.NasShares),
                volumeOutcomes.Where(v => v.Volume.Type == VolumeType.Share && sharesHaveTheirOwnLine).Select(v => v.Outcome)),
            Quantify(
                customer,
                new ServiceLine(BillableService.OffsiteStorage),
                devices.Select(d => d.Outcome with { Amount = d.Device.OffsiteStorage?.Bytes ?? 0 })),
            Quantify(
                customer,
                new ServiceLine(BillableService.EndpointBackup),
                content.EndpointAgents.Select(a => classifier.Classify(AssetRef.EndpointAgent(a.AssetUuid), a.Name, 1m, [], null))),
        };
        services.AddRange(SaasSeatQuantities(customer, classifier, content));

        return new BillableUsage(
            customer.Usage?.LatestEvidenceId,
            customer.Usage?.ContentHash,
            customer.Usage?.LastSeenAt,
            policies.All(),
            services);
    }

    private static IEnumerable<CountingPolicyKind> DevicePolicies(DeviceUsage device, DateOnly? observedOn)
    {
        if (device.Hidden)
        {
            yield return CountingPolicyKind.HiddenDevices;
        }

        if (device.ServicePeriodEnd is { } end && observedOn is { } today && end < today)
        {
            yield return CountingPolicyKind.ExpiredDevices;
        }
    }

    private static AssetOutcome ClassifyVolume(Classifier classifier, VolumeUsage volume, Dictionary<string, DeviceUsage> devicesBySerial)
    {
        var onAzure = devicesBySerial.TryGetValue(volume.DeviceSerial, out var device) && device.IsAzure;
        var policies = new List<CountingPolicyKind>();
        if (volume.Type == VolumeType.Share)
        {
            policies.Add(CountingPolicyKind.NasShares);
        }

        if (volume.Paused)
        {
            policies.Add(CountingPolicyKind.PausedAgents);
        }

        if (volume.Archived && !onAzure)
        {
            policies.Add(CountingPolicyKind.ArchivedAgents);
        }

        // Archived agents on SIRIS/ALTO still hold offsite data; on Azure (DBMA) they do not, and Datto does not bill them.
        var ruleExclusion = volume.Archived && onAzure ? "Archived agents on Azure appliances are not billed." : null;
        return classifier.Classify(AssetRef.Volume(volume.VolumeId), volume.Name, 1m, policies, ruleExclusion);
    }

    private static IEnumerable<ServiceQuantity> SaasSeatQuantities(CustomerState customer, Classifier classifier, UsageContent content)
    {
        var outcomes = new List<(string SeatType, AssetOutcome Outcome)>();
        foreach (var domain in content.SaasDomains)
        {
            if (domain.Seats is null)
            {
                outcomes.Add((UnlistedSeatType, classifier.Classify(AssetRef.SaasDomain(domain.SaasCustomerId), domain.Domain, domain.SeatsUsed, [], null)));
                continue;
            }

            foreach (var seat in domain.Seats)
            {
                var notBilledByDatto = !seat.Billable || !BillableSeatStates.Contains(seat.SeatState)
                    ? $"Datto does not bill this seat (billable: {(seat.Billable ? "yes" : "no")}, state: {seat.SeatState})."
                    : null;
                outcomes.Add((seat.SeatType, classifier.Classify(AssetRef.SaasSeat(domain.SaasCustomerId, seat.MainId), seat.Name, 1m, [], notBilledByDatto)));
            }
        }

        var seatTypesMappedSeparately = customer.Services.Keys
            .Where(l => l.Service == BillableService.SaasSeats && l.SeatType is not null)
            .Select(l => l.SeatType!)
            .ToHashSet(StringComparer.Ordinal);
        if (seatTypesMappedSeparately.Count == 0)
        {
            return [Quantify(customer, new ServiceLine(BillableService.SaasSeats), outcomes.Select(o => o.Outcome))];
        }

        return outcomes.Select(o => o.SeatType)
            .Concat(seatTypesMappedSeparately)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(seatType => Quantify(
                customer,
                new ServiceLine(BillableService.SaasSeats, seatType),
                outcomes.Where(o => o.SeatType == seatType).Select(o => o.Outcome)))
            .ToList();
    }

    private static ServiceQuantity Quantify(CustomerState customer, ServiceLine line, IEnumerable<AssetOutcome> outcomes)
    {
        var all = outcomes.ToList();
        var mapping = customer.Services.GetValueOrDefault(line);
        var rule = mapping?.UnitRule ?? UnitRule.DefaultFor(line.Service);
        var counted = all.Where(o => o.Outcome == CountingOutcome.Counted).ToList();
        var rawAmount = counted.Sum(o => o.Amount);
        return new ServiceQuantity(
            line,
            mapping,
            rule,
            rawAmount,
            // Nothing at all is billable while Datto does not report the customer, not even a line's minimum: a person decides.
            customer.NotReported is null ? rule.Quantity(rawAmount) : 0m,
            counted,
            all.Where(o => o.Outcome == CountingOutcome.Ignored).ToList(),
            all.Where(o => o.Outcome == CountingOutcome.NeedsDecision).ToList());
    }

    private sealed class Classifier(CustomerState customer, CountingPolicies policies)
    {
        public AssetOutcome Classify(AssetRef asset, string name, decimal amount, IEnumerable<CountingPolicyKind> applicablePolicies, string? ruleExclusion)
        {
            if (customer.NotReported is { } silent)
            {
                return new AssetOutcome(asset, name, amount, CountingOutcome.Ignored, CountingBasis.Rule, null, null, silent.Explanation);
            }

            if (customer.Ignored.TryGetValue(asset, out var ignore))
            {
                return new AssetOutcome(asset, name, amount, CountingOutcome.Ignored, CountingBasis.IgnoreDecision, null, ignore, ignore.Reason);
            }

            if (ruleExclusion is not null)
            {
                return new AssetOutcome(asset, name, amount, CountingOutcome.Ignored, CountingBasis.Rule, null, null, ruleExclusion);
            }

            if (customer.Included.TryGetValue(asset, out var include))
            {
                return new AssetOutcome(asset, name, amount, CountingOutcome.Counted, CountingBasis.IncludeDecision, null, include, include.Reason);
            }

            var inForce = applicablePolicies.Select(policies.Resolve).ToList();
            // Any policy that excludes wins; otherwise any open question keeps the asset waiting for a person.
            if (inForce.FirstOrDefault(p => p.Choice == CountingChoice.Exclude) is { } excluding)
            {
                return new AssetOutcome(asset, name, amount, CountingOutcome.Ignored, CountingBasis.Policy, excluding.Policy, null, Explain(excluding));
            }

            if (inForce.FirstOrDefault(p => p.Choice == CountingChoice.NeedsDecision) is { } undecided)
            {
                return new AssetOutcome(asset, name, amount, CountingOutcome.NeedsDecision, CountingBasis.Policy, undecided.Policy, null, Explain(undecided));
            }

            return inForce.FirstOrDefault() is { } counting
                ? new AssetOutcome(asset, name, amount, CountingOutcome.Counted, CountingBasis.Policy, counting.Policy, null, Explain(counting))
                : new AssetOutcome(asset, name, amount, CountingOutcome.Counted, CountingBasis.Rule, null, null, "Counted.");
        }

        private static string Explain(PolicyInForce policy) => $"{policy.Policy} = {policy.Choice} ({policy.Source.ToString().ToLowerInvariant()} policy).";
    }
}

public sealed record BillableUsage(
    string? SnapshotId,
    string? ContentHash,
    DateTimeOffset? UsageObservedAt,
    IReadOnlyList<PolicyInForce> Policies,
    IReadOnlyList<ServiceQuantity> Services)
{
    public ServiceQuantity For(BillableService service, string? seatType = null) =>
        Services.Single(s => s.Line == new ServiceLine(service, seatType));
}

/// <param name="RawAmount">The sum over counted assets: items, or bytes for storage.</param>
/// <param name="Quantity">The raw amount after the unit rule: what the PSA line should say.</param>
public sealed record ServiceQuantity(
    ServiceLine Line,
    ServiceMapping? Mapping,
    UnitRule UnitRule,
    decimal RawAmount,
    decimal Quantity,
    IReadOnlyList<AssetOutcome> Counted,
    IReadOnlyList<AssetOutcome> Ignored,
    IReadOnlyList<AssetOutcome> NeedsDecision);

public enum CountingOutcome
{
    Counted,
    Ignored,
    NeedsDecision,
}

public enum CountingBasis
{
    /// <summary>A rule of the domain (always counted, or never billed by Datto).</summary>
    Rule,
    Policy,
    IgnoreDecision,
    IncludeDecision,
}

/// <param name="Amount">1 per item; bytes for storage; the portal's seat count for a domain without a seat list.</param>
public sealed record AssetOutcome(
    AssetRef Asset,
    string Name,
    decimal Amount,
    CountingOutcome Outcome,
    CountingBasis Basis,
    CountingPolicyKind? Policy,
    AssetDecision? Decision,
    string Explanation);
