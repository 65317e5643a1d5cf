using LedgerReconcile.Domain.Webhooks;
using static LedgerReconcile.Domain.Webhooks.WebhookCommand;
using static LedgerReconcile.Domain.Webhooks.WebhookEvent;

namespace LedgerReconcile.Domain.Tests.Webhooks;

public class WebhookTests
{
    private const string Id = "0196a8b07c1d7e2f9a3b4c5d6e7f8091";
    private const string Url = "https://alerts.msp.example/ledger";
    private static readonly WebhookRegistered Registered = new(Id, Url, [AlertKinds.Discrepancy], 50m, false, "sha256:1", Sample.Person, Sample.Now);

    private static DeciderSpec<WebhookCommand, WebhookEvent, WebhookState> Spec() => new(WebhookDecider.Decide, WebhookState.Evolve, WebhookState.Initial);

    [Fact]
    public void RegisteringAWebhookRecordsItsSettingsAndTheSecretsFingerprintOnly() =>
        Spec().When(new RegisterWebhook(Id, Url, [AlertKinds.Discrepancy], 50m, false, "sha256:1", Sample.Person, Sample.Now)).Then(Registered);

    [Fact]
    public void RegisteringTheSameWebhookAgainChangesNothing() =>
        Spec().Given(Registered).When(new RegisterWebhook(Id, Url, [AlertKinds.Discrepancy], 50m, false, "sha256:1", Sample.Person, Sample.Now)).ThenNothing();

    [Fact]
    public void CantRegisterAnotherWebhookUnderATakenId() =>
        Spec().Given(Registered).When(new RegisterWebhook(Id, Url, [AlertKinds.Drift], null, false, "sha256:2", Sample.Person, Sample.Now)).ThenViolates("webhook.already_registered");

    [Fact]
    public void CantRegisterMoreThanTheLimit()
    {
        var many = Enumerable.Range(0, WebhookState.MaxWebhooks)
            .Select(i => (WebhookEvent)new WebhookRegistered($"w{i}", Url, [AlertKinds.Drift], null, false, "sha256:1", Sample.Person, Sample.Now)).ToArray();

        Spec().Given(many).When(new RegisterWebhook(Id, Url, [AlertKinds.Drift], null, false, "sha256:1", Sample.Person, Sample.Now)).ThenViolates("webhook.too_many");
    }

    [Fact]
    public void ChangingAnUnknownWebhookIsRefused() =>
        Spec().When(new ChangeWebhook(Id, Url, [AlertKinds.Drift], null, false, Sample.Person, Sample.Now)).ThenViolates("webhook.unknown");

    [Fact]
    public void ChangingToTheSameSettingsChangesNothing() =>
        Spec().Given(Registered).When(new ChangeWebhook(Id, Url, [AlertKinds.Discrepancy], 50m, false, Sample.Person, Sample.Now)).ThenNothing();

    [Fact]
    public void DisablingTwiceRecordsOnceAndEnablingClearsTheReason()
    {
        var disabled = new WebhookDisabled(Id, "failing", "system:webhooks", Sample.Now);
        Spec().Given(Registered, disabled).When(new DisableWebhook(Id, "failing again", "system:webhooks", Sample.Now)).ThenNothing();

        var state = Spec().Given(Registered, disabled).When(new EnableWebhook(Id, Sample.Person, Sample.Now)).ThenState();

        Assert.True(state.Webhooks[Id].Enabled);
        Assert.Null(state.Webhooks[Id].DisabledReason);
    }

    [Fact]
    public void EnablingAnEnabledWebhookChangesNothing() =>
        Spec().Given(Registered).When(new EnableWebhook(Id, Sample.Person, Sample.Now)).ThenNothing();

    [Fact]
    public void ARemovedWebhookIsGoneAndCannotBeRemovedAgain()
    {
        var state = Spec().Given(Registered).When(new RemoveWebhook(Id, Sample.Person, Sample.Now)).ThenState();
        Assert.Empty(state.Webhooks);

        Spec().Given(Registered, new WebhookRemoved(Id, Sample.Person, Sample.Now)).When(new RemoveWebhook(Id, Sample.Person, Sample.Now)).ThenViolates("webhook.unknown");
    }
}
