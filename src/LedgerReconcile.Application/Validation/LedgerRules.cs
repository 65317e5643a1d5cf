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
    public static IRuleBuilderOptions<T, string> IsOneOf<T, TEnum>(this IRuleBuilder<T, string> rule)
        where TEnum : struct, Enum =>
        rule.NotEmpty().IsEnumName(typeof(TEnum), caseSensitive: false)
            .WithMessage($"'{{PropertyValue}}' is not one of {string.Join(", ", Enum.GetNames<TEnum>())}.");

    public static IRuleBuilderOptions<T, string?> IsCurrencyCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty().Matches("^[A-Z]{3}$").WithMessage("A currency is an ISO 4217 code such as EUR or USD.");

    public static IRuleBuilderOptions<T, string> IsReason<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().MaximumLength(2000);

    public static IRuleBuilderOptions<T, string> IsIdentifier<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().MaximumLength(200);
}

public static class EnumText
{
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
