package io.livepipe.functions;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a JVM of its own with a deployment's app settings in its environment (as the Java worker
 * runs): makes every function class through its no-argument constructor, again and again, and
 * prints each field that is not the very same object in every instance. Exit 0: all shared.
 */
final class WorkerInstances {
    static final int INSTANCES = 25;

    public static void main(String[] args) throws Exception {
        List<String> notShared = sharedFieldsOf(null);
        if (FunctionsPlatform.services() != FunctionsPlatform.services()) notShared.add("FunctionsPlatform.services()");
        notShared.forEach(System.out::println);
        System.out.println("classes=" + FunctionCatalog.classes().size() + " instancesEach=" + INSTANCES + " notShared=" + notShared.size());
        System.exit(notShared.isEmpty() ? 0 : 1);
    }

    /**
     * The fields, over all function classes, whose value differs between instances made with
     * {@code graph} (null: through the no-argument constructor, as the worker makes them).
     */
    static List<String> sharedFieldsOf(io.livepipe.platform.ServiceGraph graph) throws Exception {
        List<String> notShared = new ArrayList<>();
        for (Class<?> c : FunctionCatalog.classes()) {
            Object first = make(c, graph);
            for (int i = 1; i < INSTANCES; i++) {
                Object next = make(c, graph);
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) continue;
                    f.setAccessible(true);
                    if (f.get(first) != f.get(next) && !(f.get(first) instanceof String s && s.equals(f.get(next)))) {
                        notShared.add(c.getSimpleName() + "." + f.getName());
                    }
                }
            }
        }
        return new ArrayList<>(notShared.stream().distinct().toList());
    }

    private static Object make(Class<?> c, io.livepipe.platform.ServiceGraph graph) throws Exception {
        return graph == null ? c.getConstructor().newInstance() : c.getConstructor(io.livepipe.platform.ServiceGraph.class).newInstance(graph);
    }
}
