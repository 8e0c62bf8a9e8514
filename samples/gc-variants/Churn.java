import java.util.ArrayList;
import java.util.List;

/**
 * Allocates garbage (~50 arrays a millisecond, the last 64 kept) while a retained list grows ~640 KiB/s, for SECONDS seconds, so a
 * collector logs young/full or concurrent cycles and jstat has counters to watch. Prints its pid.
 */
public class Churn {
  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    System.out.println(ProcessHandle.current().pid());
    System.out.flush();
    List<byte[]> retained = new ArrayList<>();
    // garbage that escapes: without it C2 removes the allocations after a few seconds and GC stops
    byte[][] ring = new byte[64][];
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long sink = 0;
    int i = 0;
    while (System.nanoTime() < end) {
      byte[] b = new byte[4096 + (i % 16) * 1024];
      ring[i & 63] = b;
      sink += b.length;
      if (i % 5_000 == 0) retained.add(new byte[64 * 1024]);
      if (i % 50 == 0) Thread.sleep(1);
      i++;
    }
    System.out.println(retained.size() + " " + sink);
  }
}
