import com.sun.tools.attach.VirtualMachine;

/** Loads async-profiler into a running JVM with a command: {@code java AttachProfiler.java LIB PID start,event=cpu}. */
public class AttachProfiler {
    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[1]);
        try {
            vm.loadAgentPath(args[0], args[2]);
        } finally {
            vm.detach();
        }
    }
}
