using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Shepherd.Store;
using Shepherd.Tasks;

namespace Shepherd.Web;

/// <summary><c>shepherd-web</c>: Kestrel on the given address, the routes of the page and its API, until Ctrl-C. The
/// first line printed is the URL to open, with a token made for this run.</summary>
public static class WebServer
{
    public static async Task<int> RunAsync(WebOptions options)
    {
        var home = ShepherdHome.FromEnvironment();
        TaskStore store;
        try { store = TaskStore.Open(home); }
        catch (Exception e) when (e is OperationFailedException or UsageException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"shepherd web: {e.Message}");
            return 1;
        }
        using var _ = store;
        using var watch = new StoreWatch(home);
        var clock = TimeProvider.System;
        var access = new Access(clock);
        var board = new Board(home, store, watch, clock);
        var assets = new Assets();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(options.Bind, options.Port);
        });
        var app = builder.Build();
        app.Use(access.Handle);
        new Routes(home, board, watch, assets, access, app.Lifetime.ApplicationStopping).Map(app);
        try { await app.StartAsync(); }
        catch (IOException e) when (e.InnerException is SocketException or null)
        {
            Console.Error.WriteLine($"shepherd web: cannot listen on {Endpoint(options.Bind, options.Port)}: {e.Message} (choose another with --port)");
            return 1;
        }
        var port = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(a => new Uri(a).Port).First();
        var shown = options.Bind.Equals(IPAddress.Any) || options.Bind.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : options.Bind;
        Console.Out.WriteLine($"http://{Endpoint(shown, port)}/?token={access.Token}");
        Console.Out.Flush();
        if (!options.IsLoopback)
            Console.Error.WriteLine($"shepherd web: warning: listening on {options.Bind}, reachable from other machines over plain HTTP; " +
                                    "anyone with the URL can start agents on this machine");
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static string Endpoint(IPAddress a, int port) => a.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{a}]:{port}" : $"{a}:{port}";
}
