using System.Net;
using System.Text.Json;
using Shepherd.Notify;
using Shepherd.Platform;
using Shepherd.Runner;
using Shepherd.Store;
using Shepherd.Tasks;
using Shouldly;

namespace Shepherd.Tests.Notify;

/// <summary>The outbox sends through seams: a notifier's program runs through the command runner it is given, a
/// webhook is posted with the HttpClient it is given. Real store in a temporary SHEPHERD_HOME; nothing is run or sent.</summary>
public sealed class NotifierSeamSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shepherd-notify-").FullName;
    private readonly ShepherdHome _home;
    private readonly TaskStore _store;

    public NotifierSeamSpecs()
    {
        _home = new ShepherdHome(Path.Combine(_dir, "home"));
        _store = TaskStore.Open(_home);
    }

    public void Dispose()
    {
        _store.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void A_cmd_notifier_runs_its_program_with_the_task_environment_and_the_notification_id()
    {
        var program = Executable("notify.sh");
        var task = FinishedTask("cmd:" + program);
        var commands = new RecordingCommands(new CommandResult(0, "", ""));
        var lines = Outbox(commands).DeliverPending();
        var call = commands.Calls.ShouldHaveSingleItem();
        call.Argv.ShouldBe([program]);
        call.Environment!["API_KEY"].ShouldBe("from-start");
        call.Environment["SHEPHERD_STATE"].ShouldBe("succeeded");
        call.Environment["SHEPHERD_NOTIFICATION_ID"].ShouldBe(_store.Notifications(task.Id).Single().NotificationId);
        lines.ShouldBe([$"t1: notified cmd:{program} (succeeded)"]);
        _store.Notifications(task.Id).Single().DeliveredAt.ShouldNotBeNull();
    }

    [Fact]
    public void A_cmd_notifier_that_fails_is_kept_with_what_its_program_said()
    {
        var program = Executable("notify.sh");
        var task = FinishedTask("cmd:" + program);
        var lines = Outbox(new RecordingCommands(new CommandResult(1, "", "receiver down\n"))).DeliverPending();
        lines.ShouldBe([$"t1: cmd:{program} not delivered ({program} exited 1: receiver down); retry in 2s"]);
        var row = _store.Notifications(task.Id).Single();
        row.DeliveredAt.ShouldBeNull();
        row.LastError.ShouldBe($"{program} exited 1: receiver down");
    }

    [Fact]
    public void A_webhook_is_posted_with_the_given_client_and_a_stable_idempotency_key()
    {
        var task = FinishedTask("webhook:https://hooks.example.invalid/T0KEN");
        var handler = new RecordingHandler(HttpStatusCode.ServiceUnavailable);
        using var http = new HttpClient(handler);
        var outbox = Outbox(new RecordingCommands(new CommandResult(0, "", "")), http);
        outbox.DeliverPending().ShouldBe(["t1: webhook:https://hooks.example.invalid/… not delivered (webhook answered 503); retry in 2s"]);
        var id = _store.Notifications(task.Id).Single().NotificationId;
        var (request, body) = handler.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe(HttpMethod.Post);
        request.RequestUri!.ToString().ShouldBe("https://hooks.example.invalid/T0KEN");
        request.Headers.GetValues("Idempotency-Key").ShouldBe([id]);
        using var json = JsonDocument.Parse(body);
        json.RootElement.GetProperty("id").GetString().ShouldBe(id);
        json.RootElement.GetProperty("task").GetString().ShouldBe("t1");
        json.RootElement.GetProperty("state").GetString().ShouldBe("succeeded");
    }

    private Outbox Outbox(ICommandRunner commands, HttpClient? http = null) =>
        new(_store, _home, TimeProvider.System, new Notifiers(commands, http ?? new HttpClient(new RecordingHandler(HttpStatusCode.OK))));

    private TaskRecord FinishedTask(string notifier)
    {
        var task = _store.InsertTask(new TaskRecord { Name = "t1", Agent = "codex", ProjectDir = _dir, TmuxSession = "codex-t1", Notify = [notifier] });
        ShepherdHome.CreatePrivateDir(_home.TaskDir("t1"));
        TaskEnvironment.Save(_home.EnvFile("t1"), new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["API_KEY"] = "from-start" });
        _store.TryFinish(task.Id, TaskState.Succeeded, null).ShouldBeTrue();
        return task;
    }

    private string Executable(string name)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, "#!/bin/sh\nexit 99 # never run: the seam answers\n");
        File.SetUnixFileMode(path, (UnixFileMode)0b111_000_000);
        return path;
    }

    private sealed class RecordingCommands(CommandResult answer) : ICommandRunner
    {
        public List<CommandSpec> Calls { get; } = [];

        public CommandResult Run(CommandSpec spec)
        {
            Calls.Add(spec);
            return answer;
        }

        public int RunOnTerminal(IReadOnlyList<string> argv) => throw new NotSupportedException();
    }

    private sealed class RecordingHandler(HttpStatusCode answer) : HttpMessageHandler
    {
        public List<(HttpRequestMessage Request, string Body)> Requests { get; } = [];

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add((request, request.Content!.ReadAsStringAsync(cancellationToken).Result));
            return new HttpResponseMessage(answer);
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));
    }
}
