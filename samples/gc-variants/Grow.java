import java.util.ArrayList;
import java.util.List;

/**
 * Keeps 32 KiB of every ~40 KiB it allocates until the heap is full: run with a small -Xmx it ends in
 * java.lang.OutOfMemoryError after a run of full collections. Prints its pid first.
 */
public class Grow {
  public static void main(String[] args) throws Exception {
    System.out.println(ProcessHandle.current().pid());
    System.out.flush();
    List<byte[]> retained = new ArrayList<>();
    long sink = 0;
    for (int i = 0; ; i++) {
      byte[] garbage = new byte[8 * 1024];
      sink += garbage.length;
      retained.add(new byte[32 * 1024]);
      if (i % 64 == 0) Thread.sleep(1);
      if (sink < 0) System.out.println(retained.size());
    }
  }
}
