package io.vigil.model.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "cmapss", mixinStandardHelpOptions = true, showDefaultValues = true)
public final class CmapssEvalCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
