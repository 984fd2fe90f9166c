// Manual-use host for the fake model server.
//   dotnet run --project tests/Shepherd.FakeModelServer.Host -- [--port N] [--reply TEXT] [--delay SECONDS]
//        [--fault none|500|429|drop] [--retry-after SECONDS] [--verbose]
//        [--rule MARKER:KIND[:VALUE[:TIMES]]]...   (KIND: reply|slow|429|drop|<http status>, see RuleSpec)
// Prints "PORT <n>" and "BASE_URL <url>" first, then one line per request (and its body with --verbose).
using System.Globalization;
using Shepherd.FakeModel;
using Shepherd.FakeModel.Host;

var port = 0;
var behavior = ReplyBehavior.Default;
var verbose = false;
var rules = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--port": port = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--reply": behavior = behavior with { Text = Next() }; break;
        case "--delay": behavior = behavior with { Delay = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) }; break;
        case "--retry-after": behavior = behavior with { RetryAfter = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) }; break;
        case "--fault":
            behavior = behavior with
            {
                Fault = Next() switch
                {
                    "none" => FaultKind.None,
                    "500" => FaultKind.HttpError,
                    "429" => FaultKind.RateLimited,
                    "drop" => FaultKind.DropConnection,
                    var other => throw new ArgumentException($"unknown fault '{other}'"),
                },
            };
            break;
        case "--verbose": verbose = true; break;
        case "--rule": rules.Add(Next()); break;
        default: throw new ArgumentException($"unknown argument '{args[i]}'");
    }
}

await using var server = await FakeModelServer.StartAsync(port);
server.DefaultBehavior = behavior;
foreach (var rule in rules) RuleSpec.Apply(server, rule);
var output = TextWriter.Synchronized(Console.Out);
server.RequestRecorded += request =>
{
    output.WriteLine(request.ToString());
    if (verbose && request.Body.Length > 0) output.WriteLine("  body: " + request.Body);
    for (var n = 0; n < request.UserTexts.Count; n++)
    {
        output.WriteLine($"  user[{n}]: {request.UserTexts[n].ReplaceLineEndings("\\n")}");
    }
    output.Flush();
};
output.WriteLine($"PORT {server.Port}");
output.WriteLine($"BASE_URL {server.BaseUrl}");
output.Flush();

var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
await stop.Task;
