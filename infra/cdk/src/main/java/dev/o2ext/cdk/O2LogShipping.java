package dev.o2ext.cdk;

import java.util.Collections;
import java.util.Map;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * Ships a function's logs to OpenObserve: adds the {@link O2ExtensionLayer} version that matches the
 * function's architecture to the function and sets the extension's environment variables on it.
 *
 * <p>Creates no resource of its own; with an authorization the extension reads, adds to the
 * function's role a policy that may read exactly that secret or parameter. A function whose
 * architecture the layer construct did not publish fails the synth.
 */
public final class O2LogShipping extends Construct {

    private final Map<String, String> environment;

    public O2LogShipping(Construct scope, String id, O2LogShippingProps props) {
        super(scope, id);
        Function function = props.function();
        function.addLayers(props.layer().layerFor(function.getArchitecture()));
        environment = Collections.unmodifiableMap(props.environment());
        environment.forEach(function::addEnvironment);
        props.authorization().grantRead(function);
    }

    /**
     * The variables set on the function: never the header itself, but where the extension reads it, or
     * a CDK token that resolves to a CloudFormation reference.
     */
    public Map<String, String> environment() {
        return environment;
    }
}
