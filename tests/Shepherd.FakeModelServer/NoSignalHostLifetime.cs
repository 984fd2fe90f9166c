using Microsoft.Extensions.Hosting;

namespace Shepherd.FakeModel;

/// <summary>
/// Replaces the default console lifetime so the server does not take over the process's
/// SIGINT/SIGTERM handling (the server lives inside test processes and small hosts).
/// </summary>
internal sealed class NoSignalHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
