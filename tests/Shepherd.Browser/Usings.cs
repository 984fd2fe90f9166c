global using Xunit;
global using Shouldly;
global using Shepherd.Tests.Support;
