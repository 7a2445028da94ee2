package dev.o2ext.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders {@link Setting}'s table for the documentation and the deployment tools: the Markdown
 * table of {@code docs/configuration.md}, {@code infra/o2-settings.json} (the rules and the cases,
 * for the CDK constructs and the tests of the Terraform module and the CloudFormation template) and
 * {@code infra/terraform/o2_settings.tf.json} (the rules as a Terraform local, for the module's
 * validations).
 */
final class SettingsExport {

	static final String HAND_CASES = "/config/o2-value-cases.json";

	static final String DOC_BEGIN = "<!-- settings: generated from dev.o2ext.config.Setting by SettingsTableTest;"
			+ " edit Setting, not this table -->";

	static final String DOC_END = "<!-- end of settings -->";

	static final String REGENERATE = "mvn -B -q -Dlayer.skip test -Dtest=SettingsTableTest -Do2.settings.write=true";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private SettingsExport() {
	}

	/** The table between {@link #DOC_BEGIN} and {@link #DOC_END}, both excluded. */
	static String markdown() {
		StringBuilder table = new StringBuilder();
		table.append("| variable | default | allowed | meaning |\n|---|---|---|---|\n");
		for (Setting setting : Setting.values()) {
			table.append("| `").append(setting.name()).append("` | ").append(setting.documentedDefault()).append(" | ")
				.append(setting.rule().allowed()).append(" | ").append(setting.meaning()).append(" |\n");
		}
		return table.toString();
	}

	/** {@code infra/o2-settings.json}. */
	static String infraJson() throws IOException {
		Map<String, Object> doc = new LinkedHashMap<>();
		doc.put("_comment", "Generated from dev.o2ext.config.Setting (the extension's table of settings) by"
				+ " SettingsTableTest; do not edit: change Setting, then run " + REGENERATE + ". For each variable the"
				+ " extension reads: its rule (kind whole: min..max without except; flag and choice: one of values, in"
				+ " any case; text: the whole value matches pattern when there is one; url: see ConfigLoader) and cases"
				+ " the extension accepts (valid) and refuses (invalid) at Init, each tested against ConfigLoader by"
				+ " ConfigLoaderCasesTest. Read by infra/cdk (the constructs' checks and O2ValueCasesTest),"
				+ " infra/terraform/offline-test/run.sh and infra/sam/check-template.test.mjs.");
		Map<String, List<String>[]> cases = cases();
		Map<String, Object> settings = new LinkedHashMap<>();
		for (Setting setting : Setting.values()) {
			Map<String, Object> row = rule(setting);
			List<String>[] both = cases.get(setting.name());
			Map<String, Object> examples = new LinkedHashMap<>();
			examples.put("valid", both[0]);
			examples.put("invalid", both[1]);
			row.put("cases", examples);
			settings.put(setting.name(), row);
		}
		doc.put("settings", settings);
		return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n";
	}

	/** {@code infra/terraform/o2_settings.tf.json}: {@code local.o2_settings}, the rules without the cases. */
	static String terraformJson() {
		Map<String, Object> settings = new LinkedHashMap<>();
		for (Setting setting : Setting.values()) {
			settings.put(setting.name(), rule(setting));
		}
		Map<String, Object> doc = new LinkedHashMap<>();
		doc.put("//", "Generated from dev.o2ext.config.Setting by SettingsTableTest (" + REGENERATE
				+ "); do not edit. The extension's rule of each variable, for the validations in variables.tf.");
		doc.put("locals", Map.of("o2_settings", settings));
		return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n";
	}

	/** One row's rule, every field present (Terraform wants one shape). */
	private static Map<String, Object> rule(Setting setting) {
		Rule rule = setting.rule();
		boolean whole = rule.kind() == Rule.Kind.WHOLE;
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("kind", rule.kind().name().toLowerCase(Locale.ROOT));
		row.put("required", setting.required());
		row.put("default", setting.defaultValue());
		row.put("min", whole ? rule.min() : null);
		row.put("max", whole ? rule.max() : null);
		row.put("except", rule.except());
		row.put("pattern", rule.pattern());
		row.put("values", rule.values());
		return row;
	}

	/**
	 * Every case of every setting, [valid, invalid]: those derived from its rule and the hand-written
	 * ones of {@link #HAND_CASES}.
	 */
	@SuppressWarnings("unchecked")
	static Map<String, List<String>[]> cases() throws IOException {
		JsonNode hand;
		try (InputStream in = SettingsExport.class.getResourceAsStream(HAND_CASES)) {
			hand = JSON.readTree(in);
		}
		for (String name : hand.propertyNames()) {
			if (!name.startsWith("_")) {
				Setting.valueOf(name); // a case for a variable that is not a setting is a mistake
			}
		}
		Map<String, List<String>[]> cases = new LinkedHashMap<>();
		for (Setting setting : Setting.values()) {
			Set<String> valid = new LinkedHashSet<>();
			Set<String> invalid = new LinkedHashSet<>();
			derive(setting, valid, invalid);
			hand.path(setting.name()).path("valid").forEach((value) -> valid.add(value.asString()));
			hand.path(setting.name()).path("invalid").forEach((value) -> invalid.add(value.asString()));
			cases.put(setting.name(), new List[] { new ArrayList<>(valid), new ArrayList<>(invalid) });
		}
		return cases;
	}

	private static void derive(Setting setting, Set<String> valid, Set<String> invalid) {
		Rule rule = setting.rule();
		switch (rule.kind()) {
			case WHOLE -> {
				valid.add(String.valueOf(rule.min()));
				valid.add(String.valueOf(rule.max()));
				if (setting.defaultValue() != null) {
					valid.add(setting.defaultValue());
				}
				invalid.add(String.valueOf(rule.min() - 1));
				invalid.add(String.valueOf(rule.max() + 1));
				invalid.add(rule.min() + ".5");
				invalid.add("ten");
				rule.except().forEach((refused) -> invalid.add(String.valueOf(refused)));
			}
			case FLAG, CHOICE -> {
				valid.addAll(rule.values());
				valid.add(rule.values().get(0).toUpperCase(Locale.ROOT));
				invalid.add("maybe");
			}
			case TEXT, URL -> {
				// only hand-written cases: a pattern or a URL has no ends to derive
			}
		}
	}

}
