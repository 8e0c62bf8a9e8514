import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Verification helper for samples/generate.sh (not part of the incident):
 * reads an .hprof (or .hprof.gz) and prints one JSON object with the dump
 * timestamp, the number of instances of each class named on the command line,
 * and, for the class/field pair given with --held-by Class.field, how many of
 * those field values point at instances of the class given with --target.
 *
 * <pre>java HprofCount.java FILE [--held-by C.field --target T] CLASS...</pre>
 *
 * Only what is needed for counting is decoded; the rest is skipped by length.
 */
public final class HprofCount {
    private static int idSize;

    public static void main(String[] args) throws IOException {
        String file = args[0];
        List<String> classes = new ArrayList<>();
        String heldBy = null;
        String target = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--held-by" -> heldBy = args[++i];
                case "--target" -> target = args[++i];
                default -> classes.add(args[i]);
            }
        }
        String holderClass = heldBy == null ? null : heldBy.substring(0, heldBy.lastIndexOf('.'));
        String holderField = heldBy == null ? null : heldBy.substring(heldBy.lastIndexOf('.') + 1);

        InputStream raw = new FileInputStream(file);
        if (file.endsWith(".gz")) {
            raw = new GZIPInputStream(raw, 1 << 16);
        }
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 20));
        StringBuilder magic = new StringBuilder();
        for (int b; (b = in.readUnsignedByte()) != 0;) {
            magic.append((char) b);
        }
        idSize = in.readInt();
        long timestampMs = in.readLong();

        Map<Long, String> strings = new HashMap<>();
        Map<Long, String> classNames = new HashMap<>(); // class object id -> name (dotted)
        Map<Long, Long> superOf = new HashMap<>();
        Map<Long, long[]> fieldNameIds = new HashMap<>();
        Map<Long, byte[]> fieldTypes = new HashMap<>();
        Map<Long, Long> counts = new HashMap<>();
        List<byte[]> holderInstances = new ArrayList<>();
        Set<Long> targetIds = new HashSet<>();
        Long holderClassId = null;
        Long targetClassId = null;
        long records = 0;
        long instances = 0;

        while (true) {
            int tag;
            try {
                tag = in.readUnsignedByte();
            } catch (EOFException e) {
                break;
            }
            in.readInt(); // time offset
            long len = Integer.toUnsignedLong(in.readInt());
            records++;
            switch (tag) {
                case 0x01 -> { // STRING
                    long id = readId(in);
                    byte[] b = new byte[(int) (len - idSize)];
                    in.readFully(b);
                    strings.put(id, new String(b, StandardCharsets.UTF_8));
                }
                case 0x02 -> { // LOAD CLASS
                    in.readInt();
                    long classId = readId(in);
                    in.readInt();
                    String name = strings.get(readId(in)).replace('/', '.');
                    classNames.put(classId, name);
                    if (name.equals(holderClass)) {
                        holderClassId = classId;
                    }
                    if (name.equals(target)) {
                        targetClassId = classId;
                    }
                }
                case 0x0C, 0x1C -> { // HEAP DUMP (SEGMENT)
                    long end = len;
                    CountingInput ci = new CountingInput(in);
                    while (ci.read < end) {
                        int sub = ci.u1();
                        switch (sub) {
                            case 0xFF -> ci.skip(idSize);
                            case 0x01 -> ci.skip(2L * idSize);
                            case 0x02, 0x03 -> ci.skip(idSize + 8L);
                            case 0x04 -> ci.skip(idSize + 4L);
                            case 0x05, 0x07 -> ci.skip(idSize);
                            case 0x06 -> ci.skip(idSize + 4L);
                            case 0x08 -> ci.skip(idSize + 8L);
                            case 0x20 -> { // CLASS DUMP
                                long classId = ci.id();
                                ci.u4();
                                long superId = ci.id();
                                ci.skip(5L * idSize);
                                ci.u4();
                                int cp = ci.u2();
                                for (int i = 0; i < cp; i++) {
                                    ci.u2();
                                    ci.skip(valueSize(ci.u1()));
                                }
                                int statics = ci.u2();
                                for (int i = 0; i < statics; i++) {
                                    ci.id();
                                    ci.skip(valueSize(ci.u1()));
                                }
                                int nf = ci.u2();
                                long[] names = new long[nf];
                                byte[] types = new byte[nf];
                                for (int i = 0; i < nf; i++) {
                                    names[i] = ci.id();
                                    types[i] = (byte) ci.u1();
                                }
                                superOf.put(classId, superId);
                                fieldNameIds.put(classId, names);
                                fieldTypes.put(classId, types);
                            }
                            case 0x21 -> { // INSTANCE DUMP
                                long objId = ci.id();
                                ci.u4();
                                long classId = ci.id();
                                int n = ci.u4();
                                instances++;
                                counts.merge(classId, 1L, Long::sum);
                                if (holderClassId != null && classId == holderClassId) {
                                    holderInstances.add(ci.bytes(n));
                                } else {
                                    ci.skip(n);
                                }
                                if (targetClassId != null && classId == targetClassId) {
                                    targetIds.add(objId);
                                }
                            }
                            case 0x22 -> { // OBJECT ARRAY DUMP
                                ci.id();
                                ci.u4();
                                int n = ci.u4();
                                ci.id();
                                ci.skip((long) n * idSize);
                            }
                            case 0x23 -> { // PRIMITIVE ARRAY DUMP
                                ci.id();
                                ci.u4();
                                int n = ci.u4();
                                ci.skip((long) n * valueSize(ci.u1()));
                            }
                            default -> throw new IOException("unknown heap sub-record 0x" + Integer.toHexString(sub));
                        }
                    }
                }
                default -> in.skipNBytes(len);
            }
        }

        Map<String, Long> byName = new LinkedHashMap<>();
        for (String c : classes) {
            long n = 0;
            for (Map.Entry<Long, String> e : classNames.entrySet()) {
                if (e.getValue().equals(c)) {
                    n += counts.getOrDefault(e.getKey(), 0L);
                }
            }
            byName.put(c, n);
        }

        StringBuilder out = new StringBuilder();
        out.append("{\"format\":\"").append(magic).append("\",\"idSize\":").append(idSize)
                .append(",\"timestamp\":\"").append(Instant.ofEpochMilli(timestampMs)).append("\"")
                .append(",\"records\":").append(records).append(",\"instances\":").append(instances)
                .append(",\"counts\":{");
        String sep = "";
        for (Map.Entry<String, Long> e : byName.entrySet()) {
            out.append(sep).append('"').append(e.getKey()).append("\":").append(e.getValue());
            sep = ",";
        }
        out.append('}');
        if (holderClassId != null && targetClassId != null) {
            long held = 0;
            for (byte[] data : holderInstances) {
                long ref = fieldValue(data, holderClassId, holderField, strings, superOf, fieldNameIds, fieldTypes);
                if (ref != 0 && targetIds.contains(ref)) {
                    held++;
                }
            }
            out.append(",\"heldBy\":{\"field\":\"").append(heldBy).append("\",\"target\":\"").append(target)
                    .append("\",\"holders\":").append(holderInstances.size()).append(",\"pointingAtTarget\":")
                    .append(held).append('}');
        }
        out.append('}');
        System.out.println(out);
    }

    /** Value of a reference field in an instance's data (this class's fields first, then its supers'). */
    private static long fieldValue(byte[] data, long classId, String field, Map<Long, String> strings,
            Map<Long, Long> superOf, Map<Long, long[]> names, Map<Long, byte[]> types) {
        int off = 0;
        for (long c = classId; c != 0 && names.containsKey(c); c = superOf.getOrDefault(c, 0L)) {
            long[] n = names.get(c);
            byte[] t = types.get(c);
            for (int i = 0; i < n.length; i++) {
                if (t[i] == 2 && field.equals(strings.get(n[i]))) {
                    long v = 0;
                    for (int k = 0; k < idSize; k++) {
                        v = (v << 8) | (data[off + k] & 0xFF);
                    }
                    return v;
                }
                off += valueSize(t[i]);
            }
        }
        throw new IllegalArgumentException("no reference field " + field);
    }

    private static int valueSize(int type) {
        return switch (type) {
            case 2 -> idSize; // object
            case 4, 8 -> 1; // boolean, byte
            case 5, 9 -> 2; // char, short
            case 6, 10 -> 4; // float, int
            case 7, 11 -> 8; // double, long
            default -> throw new IllegalArgumentException("bad basic type " + type);
        };
    }

    private static long readId(DataInputStream in) throws IOException {
        return idSize == 4 ? Integer.toUnsignedLong(in.readInt()) : in.readLong();
    }

    /** Reads sub-records and keeps count of the bytes consumed. */
    private static final class CountingInput {
        private final DataInputStream in;
        long read;

        CountingInput(DataInputStream in) {
            this.in = in;
        }

        int u1() throws IOException {
            read += 1;
            return in.readUnsignedByte();
        }

        int u2() throws IOException {
            read += 2;
            return in.readUnsignedShort();
        }

        int u4() throws IOException {
            read += 4;
            return in.readInt();
        }

        long id() throws IOException {
            read += idSize;
            return readId(in);
        }

        byte[] bytes(int n) throws IOException {
            byte[] b = new byte[n];
            in.readFully(b);
            read += n;
            return b;
        }

        void skip(long n) throws IOException {
            in.skipNBytes(n);
            read += n;
        }
    }
}
