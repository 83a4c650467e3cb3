package io.tilekv.tiling.agg;

/**
 * Loads DataSketches' memory layer on every JDK TileKV supports.
 *
 * <p>datasketches-memory 3.0.2 (under datasketches-java 6.2) reads and writes on-heap sketches
 * through {@code sun.misc.Unsafe}, which every JDK from 17 to 25 provides, but the static
 * initializer of its base class refuses any {@code java.version} other than 8, 11, 17 and 21
 * (its Java 8-era off-heap code, which TileKV never calls, is what other versions break). The
 * later lines do not help: 7.x needs the JDK 17-only {@code jdk.incubator.foreign} module, 8.x
 * JDK 21 preview features, 9.x JDK 25. So on another JDK this class initializes that base class
 * once while {@code java.version} reads "21", then restores it; nothing else changes.
 * The golden tiles test runs on JDK 17 and 25 and proves the sketches behave the same.
 * Drop this class when a DataSketches line for JDK 17 to 25 (datasketches-memory 7) is released.
 */
final class SketchLibrary {
  private static final String BASE_CLASS = "org.apache.datasketches.memory.internal.ResourceImpl";

  /** Null when the sketches can be used, else why not. */
  private static final String PROBLEM = load();

  private SketchLibrary() {}

  /** Throws IllegalStateException naming the cause when the sketch library cannot run here. */
  static void check(Operation op) {
    if (PROBLEM != null) {
      throw new IllegalStateException(op + " cannot run: " + PROBLEM);
    }
  }

  private static String load() {
    int feature = Runtime.version().feature();
    try {
      if (feature == 17 || feature == 21) {
        Class.forName(BASE_CLASS, true, SketchLibrary.class.getClassLoader());
        return null;
      }
      synchronized (System.getProperties()) {
        String real = System.getProperty("java.version");
        System.setProperty("java.version", "21");
        try {
          Class.forName(BASE_CLASS, true, SketchLibrary.class.getClassLoader());
        } finally {
          System.setProperty("java.version", real);
        }
      }
      return null;
    } catch (ClassNotFoundException | LinkageError e) {
      return "Apache DataSketches' memory layer (datasketches-memory) does not load on Java "
          + Runtime.version() + ": " + e;
    }
  }
}
