using Shepherd.McpServer;

// Run by an agent, we are a tool of its attempt; the shepherd commands we run, and what they start, are not.
Shepherd.Runner.TaskEnvironment.ForgetAttempt();

// Normally started by `shepherd mcp` (an exec, so the MCP client's stdin and stdout are ours), without arguments.
switch (args)
{
    case []:
        await ShepherdMcpServer.RunAsync(CancellationToken.None); // ends when the client closes stdin
        return 0;
    case ["--version"]:
        Console.WriteLine(ShepherdMcpServer.Version());
        return 0;
    case ["--help" or "-h" or "-?"]:
        Console.WriteLine("shepherd-mcp: Shepherd's MCP server on stdin/stdout; run it as `shepherd mcp` (see the README)");
        return 0;
    default:
        Console.Error.WriteLine($"shepherd-mcp: unexpected argument '{Shepherd.Tasks.Printable.Escape(args[0], 100)}': it takes none (run it as `shepherd mcp`)");
        return 2;
}
