package io.vigil.model.serve;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.FunctionProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21, item 4: graphs that allocate gigabytes or loop forever were accepted and run. */
class GraphPolicyTest {
    @TempDir
    Path dir;

    private int graphs;

    private Path graph(ModelProto.Builder model) throws Exception {
        Path f = dir.resolve("model-" + graphs++ + ".onnx");
        Files.write(f, model.build().toByteArray());
        return f;
    }

    private static ModelProto.Builder model(NodeProto.Builder... nodes) {
        var g = GraphProto.newBuilder().setName("g");
        for (NodeProto.Builder n : nodes) {
            g.addNode(n);
        }
        return ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(g);
    }

    private static NodeProto.Builder node(String op, String name) {
        return NodeProto.newBuilder().setOpType(op).setName(name);
    }

    @Test
    void refusesConstantOfShapeAndLoopNamingTheNodeAndOperator() throws Exception {
        Path bomb = graph(model(node("Gemm", "enc"), node("ConstantOfShape", "bomb")));
        Path spin = graph(model(node("Loop", "spin")));

        assertThatThrownBy(() -> GraphPolicy.check(bomb))
                .isInstanceOf(GraphPolicy.GraphRefusedException.class)
                .hasMessageContaining("'bomb'")
                .hasMessageContaining("ConstantOfShape");
        assertThatThrownBy(() -> GraphPolicy.check(spin))
                .isInstanceOf(GraphPolicy.GraphRefusedException.class)
                .hasMessageContaining("'spin'")
                .hasMessageContaining("Loop");
    }

    @Test
    void refusesCustomDomainsAndLocalFunctions() throws Exception {
        Path custom = graph(model(node("Gemm", "g").setDomain("com.evil")));
        assertThatThrownBy(() -> GraphPolicy.check(custom)).hasMessageContaining("com.evil.Gemm");

        Path functions = graph(
                model(node("Gemm", "g")).addFunctions(FunctionProto.newBuilder().setName("f")));
        assertThatThrownBy(() -> GraphPolicy.check(functions)).hasMessageContaining("functions");
    }

    @Test
    void acceptsTheOperatorsVigilsOwnGraphsUse() throws Exception {
        Path ok = graph(model(
                node("Sub", "a"),
                node("Div", "b"),
                node("Gemm", "c"),
                node("Relu", "d"),
                node("DynamicQuantizeLinear", "e"),
                node("MatMulInteger", "f"),
                node("ReduceMean", "g"),
                node("Reshape", "h"),
                node("Concat", "i"),
                node("Mean", "j")));

        assertThatCode(() -> GraphPolicy.check(ok)).doesNotThrowAnyException();
    }
}
