using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Lanyard.Benchmarks.RequestIdentityBenchmarks).Assembly).Run(args);
