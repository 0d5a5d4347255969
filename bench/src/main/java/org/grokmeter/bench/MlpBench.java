package org.grokmeter.bench;

import java.util.concurrent.TimeUnit;
import org.grokmeter.data.ConcealedParity;
import org.grokmeter.kernels.KernelProvider;
import org.grokmeter.kernels.KernelSupport;
import org.grokmeter.nn.MlpConfig;
import org.grokmeter.nn.MlpParams;
import org.grokmeter.nn.MlpTrainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The MLP's hot loop at the paper's sizes, one thread: one SGD step (a full batch of 32) and one full
 * epoch (24 steps over the 750 training samples, reshuffled, plus the validation pass over 250),
 * with the scalar reference kernels and the Panama kernels.
 *
 * <p>Training continues across invocations (the real workload: weights keep moving, the ReLU
 * pattern keeps changing). Run: {@code java --add-modules jdk.incubator.vector -jar
 * bench/target/benchmarks.jar MlpBench} (add {@code -prof gc} to confirm zero allocation; a
 * {@code -jvmArgsAppend} on the command line must repeat {@code --add-modules jdk.incubator.vector}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
// defaults: 1 fork, 5 × 1 s warm-up, 5 × 1 s measurement (an epoch is a few ms: hundreds of samples);
// 64-byte object alignment as in the launcher, so the MLP's rows start on cache lines (see MlpParams)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:ObjectAlignmentInBytes=64"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class MlpBench {

  public enum Impl { SCALAR, PANAMA }

  @Param({"PANAMA", "SCALAR"})
  public Impl impl;

  @Param({"25", "45"})
  public int inputSize;

  private MlpTrainer trainer;
  private int[] order;

  @Setup(Level.Trial)
  public void setup() {
    KernelSupport kernels = impl == Impl.SCALAR ? KernelProvider.scalar()
        : KernelProvider.panama().orElseThrow(() -> new IllegalStateException("Panama kernels unavailable"));
    MlpConfig config = MlpConfig.paper(inputSize);
    ConcealedParity.Streams streams = ConcealedParity.Streams.of(0);
    ConcealedParity data = ConcealedParity.paper(inputSize, streams.data());
    MlpParams params = MlpParams.init(config, streams.init());
    trainer = new MlpTrainer(data, config, params, streams.shuffle(), kernels);
    order = data.trainSamples();
  }

  /** One SGD step on a full batch of 32 (forward, loss, backward, fused updates). */
  @Benchmark
  public double step() {
    trainer.step(order, 0, 32);
    return trainer.lastStepLossSum();
  }

  /** One epoch as the sweep runs it: shuffle, 24 steps (the last of 14 samples), validation pass. */
  @Benchmark
  public double epoch() {
    trainer.trainEpoch();
    trainer.evaluate();
    return trainer.lastValLoss() + trainer.lastTrainLoss();
  }
}
