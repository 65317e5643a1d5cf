using FluentValidation;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;

namespace LedgerReconcile.Application.Validation;

/// <summary>
/// The shape every command shares: a valid tenant, an actor, a correlation id and a command id; a person's command may
/// name the revision they saw, a system command never does (it decides again on fresh state instead).
/// </summary>
public abstract class LedgerCommandValidator<T> : AbstractValidator<T>
    where T : ILedgerCommand
{
    protected LedgerCommandValidator()
    {
        // Errors keep the envelope's own names (Tenant, not Context.Tenant): they are what HTTP callers see.
        RuleFor(c => c.Context.Tenant).Must(StreamNames.IsValidTenant).WithMessage("A tenant id is lowercase letters, digits and dashes.")
            .OverridePropertyName(nameof(CommandContext.Tenant));
        RuleFor(c => c.Context.Actor).NotEmpty().MaximumLength(256).OverridePropertyName(nameof(CommandContext.Actor));
        RuleFor(c => c.Context.CorrelationId).NotEmpty().MaximumLength(128).OverridePropertyName(nameof(CommandContext.CorrelationId));
        RuleFor(c => c.Context.CommandId).NotEmpty().OverridePropertyName(nameof(CommandContext.CommandId));
        var expectedRevision = RuleFor(c => c.Context.ExpectedRevision);
        if (typeof(ISystemCommand).IsAssignableFrom(typeof(T)))
        {
            expectedRevision.Null().WithMessage("A system command decides on fresh state; it never names an expected revision.")
                .OverridePropertyName(nameof(CommandContext.ExpectedRevision));
        }
        else
        {
            expectedRevision.GreaterThanOrEqualTo(0).OverridePropertyName(nameof(CommandContext.ExpectedRevision));
        }
    }
}

public abstract class CustomerCommandValidator<T> : LedgerCommandValidator<T>
    where T : ICustomerCommand
{
    protected CustomerCommandValidator()
    {
        RuleFor(c => c.CustomerKey).Must(CustomerKeys.IsValid).WithMessage("A customer key is 'org-{organizationId}' or 'name-{normalised-name}'.");
    }
}

public static class LedgerRuleExtensions
{
    /// <summary>A JSON list may hold null where an item is meant; every item is read, so none may be missing.</summary>
    public static IRuleBuilderOptions<T, TItem> IsPresentItem<T, TItem>(this IRuleBuilderInitialCollection<T, TItem> rule) =>
        rule.NotNull().WithMessage("A list item is null; send the item or leave it out of the list.");

    /// <summary>A value without an "unknown": left out or null is refused, never read as 0, false or empty.</summary>
    public static IRuleBuilderOptions<T, TValue> IsRequired<T, TValue>(this IRuleBuilder<T, TValue> rule) =>
        rule.NotNull().WithMessage("'{PropertyName}' is required.");

    public static IRuleBuilderOptions<T, string> IsOneOf<T, TEnum>(this IRuleBuilder<T, string> rule)
        where TEnum : struct, Enum =>
        rule.NotEmpty().Must(EnumText.IsName<TEnum>)
            .WithMessage($"'{{PropertyValue}}' is not one of {string.Join(", ", Enum.GetNames<TEnum>())}.");

    public static IRuleBuilderOptions<T, string?> IsOptionalOneOf<T, TEnum>(this IRuleBuilder<T, string?> rule)
        where TEnum : struct, Enum =>
        rule.Must(value => value is null || EnumText.IsName<TEnum>(value))
            .WithMessage($"'{{PropertyValue}}' is not one of {string.Join(", ", Enum.GetNames<TEnum>())}.");

    public static IRuleBuilderOptions<T, string?> IsCurrencyCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().Matches("^[A-Z]{3}$").WithMessage("A currency is an ISO 4217 code such as EUR or USD.");

    public static IRuleBuilderOptions<T, string> IsReason<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().IsFreeText(LedgerRules.ReasonLength, multiline: true);

    public static IRuleBuilderOptions<T, string> IsName<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().IsFreeText(LedgerRules.NameLength);

    public static IRuleBuilderOptions<T, TText> IsFreeText<T, TText>(this IRuleBuilder<T, TText> rule, int maxLength, bool multiline = false) =>
        rule.Must(text => text is not string value || LedgerRules.IsFreeText(value, maxLength, multiline))
            .WithMessage(multiline
                ? $"At most {maxLength} characters, without control characters other than tab and line breaks, and without bidirectional overrides."
                : $"At most {maxLength} characters on one line, without control characters or bidirectional overrides.");

    public static IRuleBuilderOptions<T, string> IsIdentifier<T>(this IRuleBuilder<T, string> rule, IdKind kind = IdKind.Reference) =>
        rule.NotEmpty().Must(id => LedgerRules.IsIdentifier(id, kind)).WithMessage(LedgerRules.IdentifierGrammar(kind));

    public static IRuleBuilderOptions<T, string?> IsOptionalIdentifier<T>(this IRuleBuilder<T, string?> rule, IdKind kind = IdKind.Reference) =>
        rule.Must(id => id is null || LedgerRules.IsIdentifier(id, kind)).WithMessage(LedgerRules.IdentifierGrammar(kind));

    public static IRuleBuilderOptions<T, decimal?> IsQuantity<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.NotNull().WithMessage("'{PropertyName}' is required.")
            .Must(q => q is null || LedgerRules.IsQuantity(q.Value)).WithMessage(LedgerRules.QuantityGrammar);

    public static IRuleBuilderOptions<T, decimal> IsQuantity<T>(this IRuleBuilder<T, decimal> rule) =>
        rule.Must(LedgerRules.IsQuantity).WithMessage(LedgerRules.QuantityGrammar);

    public static IRuleBuilderOptions<T, decimal?> IsStorageSize<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.NotNull().WithMessage("'{PropertyName}' is required.")
            .Must(s => s is null || LedgerRules.IsStorageSize(s.Value)).WithMessage(LedgerRules.StorageGrammar);

    public static IRuleBuilderOptions<T, decimal?> IsMoney<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.NotNull().WithMessage("'{PropertyName}' is required.")
            .Must(m => m is null || LedgerRules.IsMoney(m.Value)).WithMessage(LedgerRules.MoneyGrammar);

    public static IRuleBuilderOptions<T, DateTimeOffset?> IsObservationTime<T>(this IRuleBuilder<T, DateTimeOffset?> rule, TimeProvider clock) =>
        rule.NotNull().WithMessage("'{PropertyName}' is required.")
            .Must(t => t is null || LedgerRules.IsObservationTime(t.Value, clock.GetUtcNow()))
            .WithMessage($"An observation time lies between {LedgerRules.Epoch:yyyy-MM-dd} and now.");

    public static IRuleBuilderOptions<T, DateTimeOffset> IsObservationTime<T>(this IRuleBuilder<T, DateTimeOffset> rule, TimeProvider clock) =>
        rule.Must(t => LedgerRules.IsObservationTime(t, clock.GetUtcNow()))
            .WithMessage($"An observation time lies between {LedgerRules.Epoch:yyyy-MM-dd} and now.");

    public static IRuleBuilderOptions<T, DateTimeOffset?> IsLedgerTime<T>(this IRuleBuilder<T, DateTimeOffset?> rule, TimeProvider clock) =>
        rule.Must(t => t is null || LedgerRules.IsLedgerTime(t.Value, clock.GetUtcNow()))
            .WithMessage(LedgerRules.LedgerTimeWindow);

    public static IRuleBuilderOptions<T, DateOnly?> IsLedgerDate<T>(this IRuleBuilder<T, DateOnly?> rule, TimeProvider clock) =>
        rule.NotNull().WithMessage("'{PropertyName}' is required.")
            .Must(d => d is null || LedgerRules.IsLedgerTime(new DateTimeOffset(d.Value, TimeOnly.MinValue, TimeSpan.Zero), clock.GetUtcNow()))
            .WithMessage($"A date lies between {LedgerRules.Epoch:yyyy-MM-dd} and {LedgerRules.Horizon.TotalDays / 365:0} years from now.");
}

public static class EnumText
{
    /// <summary>
    /// Names only: Enum.Parse also takes numbers ("3"), undefined ones, and padded or comma-combined names, none of
    /// which a person means.
    /// </summary>
    public static bool IsName<TEnum>(string? value)
        where TEnum : struct, Enum =>
        value is not null && Enum.GetNames<TEnum>().Any(name => string.Equals(name, value, StringComparison.OrdinalIgnoreCase));

    public static bool TryParseName<TEnum>(string? value, out TEnum parsed)
        where TEnum : struct, Enum
    {
        parsed = default;
        return IsName<TEnum>(value) && Enum.TryParse(value, ignoreCase: true, out parsed);
    }

    /// <summary>Validators have already checked the name, so a failure here is a programming error.</summary>
    public static TEnum Parse<TEnum>(string name)
        where TEnum : struct, Enum =>
        Enum.Parse<TEnum>(name, ignoreCase: true);

    public static TEnum? ParseOptional<TEnum>(string? name)
        where TEnum : struct, Enum =>
        name is null ? null : Parse<TEnum>(name);
}

public static class ServiceLineInput
{
    public static ServiceLine Parse(string service, string? seatType) => new(EnumText.Parse<BillableService>(service), seatType);
}
