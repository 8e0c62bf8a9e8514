import java.io.File;
import java.util.List;
import org.graalvm.visualvm.lib.jfluid.heap.Heap;
import org.graalvm.visualvm.lib.jfluid.heap.HeapFactory;
import org.graalvm.visualvm.lib.jfluid.heap.HeapSummary;
import org.graalvm.visualvm.lib.jfluid.heap.Instance;
import org.graalvm.visualvm.lib.jfluid.heap.JavaClass;

/**
 * Peer measurement for the HPROF parser: opens a dump with VisualVM's jfluid heap library
 * (Debian package `visualvm`), finds the collection held in a static field (default
 * com.example.order.OrderExportService.pending), and prints its retained size and the time taken
 * as one JSON object on stdout.
 *
 * Usage: java -cp <jfluid-heap.jar>:. RetainedPeer DUMP.hprof [owner.Class] [staticField] [class...]
 * Every extra class name adds its instance count, instance size and shallow total to `classes`.
 */
public final class RetainedPeer {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: RetainedPeer DUMP.hprof [owner.Class] [staticField] [class...]");
            System.exit(2);
        }
        String owner = args.length > 1 ? args[1] : "com.example.order.OrderExportService";
        String field = args.length > 2 ? args[2] : "pending";
        long t0 = System.nanoTime();
        Heap heap = HeapFactory.createHeap(new File(args[0]));
        long tOpen = System.nanoTime();
        JavaClass ownerClass = heap.getJavaClassByName(owner);
        if (ownerClass == null) throw new IllegalStateException("class not found: " + owner);
        Object value = ownerClass.getValueOfStaticField(field);
        if (!(value instanceof Instance)) throw new IllegalStateException("static field not an object: " + field);
        Instance holder = (Instance) value;
        long retained = holder.getRetainedSize();
        long tRetained = System.nanoTime();
        HeapSummary summary = heap.getSummary();
        StringBuilder classes = new StringBuilder();
        for (int i = 3; i < args.length; i++) {
            JavaClass c = heap.getJavaClassByName(args[i]);
            if (c == null) continue;
            if (classes.length() > 0) classes.append(',');
            classes.append('"').append(args[i]).append("\":{\"count\":").append(c.getInstancesCount())
                    .append(",\"instanceSize\":").append(c.getInstanceSize())
                    .append(",\"allInstancesSize\":").append(c.getAllInstancesSize())
                    .append(",\"retainedSizeByClass\":").append(c.getRetainedSizeByClass()).append('}');
        }
        List<?> roots = heap.getGCRoots() instanceof List ? (List<?>) heap.getGCRoots() : null;
        System.out.println("{\"tool\":\"visualvm-jfluid-heap\""
                + ",\"file\":\"" + new File(args[0]).getName() + "\""
                + ",\"holder\":\"" + owner + "." + field + "\""
                + ",\"holderClass\":\"" + holder.getJavaClass().getName() + "\""
                + ",\"holderId\":" + holder.getInstanceId()
                + ",\"holderShallowSize\":" + holder.getSize()
                + ",\"retainedSize\":" + retained
                + ",\"totalLiveBytes\":" + summary.getTotalLiveBytes()
                + ",\"totalLiveInstances\":" + summary.getTotalLiveInstances()
                + ",\"gcRoots\":" + (roots != null ? roots.size() : -1)
                + ",\"classes\":{" + classes + "}"
                + ",\"openMs\":" + (tOpen - t0) / 1_000_000
                + ",\"retainedMs\":" + (tRetained - tOpen) / 1_000_000
                + ",\"totalMs\":" + (tRetained - t0) / 1_000_000 + "}");
    }
}
