using Shepherd.Web;

// Run by an agent, we are a tool of its attempt; the shepherd commands we run, and what they start, are not.
Shepherd.Runner.TaskEnvironment.ForgetAttempt();

// Normally started by `shepherd web [--port N] [--bind ADDRESS]` (an exec).
WebOptions options;
try { options = WebOptions.Parse(args); }
catch (WebOptions.BadArgument e)
{
    Console.Error.WriteLine($"shepherd web: {e.Message}");
    return 2;
}
if (options.Help)
{
    Console.WriteLine(WebOptions.Usage);
    return 0;
}
return await WebServer.RunAsync(options);
