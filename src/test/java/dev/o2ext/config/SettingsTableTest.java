package dev.o2ext.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * {@link Setting} is the one table of settings: the documentation's table and the deployment
 * tools' rules are generated from it and must equal what is committed (with
 * {@code -Do2.settings.write=true} this test writes them instead: {@link SettingsExport#REGENERATE}),
 * the loader reads every row, and every {@code O2_*} name the code or the launcher uses is a row or
 * a documented launcher variable.
 */
class SettingsTableTest {

	static final Path DOC = Path.of("docs/configuration.md");

	static final Path INFRA_JSON = Path.of("infra/o2-settings.json");

	static final Path TERRAFORM_JSON = Path.of("infra/terraform/o2_settings.tf.json");

	private static final boolean WRITE = Boolean.getBoolean("o2.settings.write");

	private static final Pattern NAME = Pattern.compile("\\bO2_[A-Z0-9_]*[A-Z0-9]\\b");

	private static final Pattern ROW = Pattern.compile("^\\| `([A-Z0-9_]+)` \\|");

	@Test
	void theDocumentationsTableIsGeneratedFromTheSettings() throws IOException {
		String doc = Files.readString(DOC);
		int begin = doc.indexOf(SettingsExport.DOC_BEGIN);
		int end = doc.indexOf(SettingsExport.DOC_END);
		assertThat(begin).as("the markers in " + DOC).isNotNegative().isLessThan(end);
		String head = doc.substring(0, begin + SettingsExport.DOC_BEGIN.length()) + "\n";
		String expected = head + SettingsExport.markdown() + doc.substring(end);
		if (WRITE) {
			Files.writeString(DOC, expected);
		}
		assertThat(Files.readString(DOC)).as(DOC + " differs from Setting; run " + SettingsExport.REGENERATE)
			.isEqualTo(expected);
	}

	@Test
	void theDeploymentToolsRulesAreGeneratedFromTheSettings() throws IOException {
		Map<Path, String> files = Map.of(INFRA_JSON, SettingsExport.infraJson(), TERRAFORM_JSON,
				SettingsExport.terraformJson());
		for (Map.Entry<Path, String> file : files.entrySet()) {
			if (WRITE) {
				Files.writeString(file.getKey(), file.getValue());
			}
			assertThat(Files.exists(file.getKey()) ? Files.readString(file.getKey()) : "")
				.as(file.getKey() + " differs from Setting; run " + SettingsExport.REGENERATE)
				.isEqualTo(file.getValue());
		}
	}

	@Test
	void theLoaderReadsEveryRow() {
		Set<String> read = new TreeSet<>();
		Map<String, String> env = new HashMap<>() {
			@Override
			public String get(Object key) {
				read.add((String) key);
				return super.get(key);
			}
		};
		env.putAll(Map.of("O2_ORGANIZATION_ID", "default", "O2_AUTHORIZATION_HEADER", "Basic eDp5"));
		ConfigLoader.load(env);

		assertThat(read).containsAll(Arrays.stream(Setting.values()).map(Setting::name).toList());
	}

	@Test
	void everyDefaultIsAValueItsRuleAccepts() {
		for (Setting setting : Setting.values()) {
			Rule rule = setting.rule();
			String value = setting.defaultValue();
			if (setting.required() || value == null) {
				assertThat(value).as(setting + ": no default").isNull();
				continue;
			}
			switch (rule.kind()) {
				case WHOLE -> assertThat(Long.parseLong(value)).as(setting.name()).isBetween(rule.min(), rule.max())
					.isNotIn(rule.except());
				case FLAG, CHOICE -> assertThat(rule.values()).as(setting.name()).contains(value);
				case TEXT, URL -> assertThat(rule.matches(value)).as(setting.name()).isTrue();
			}
		}
	}

	@Test
	void aVariableWithoutARowIsRefusedByTheReader() {
		EnvReader reader = new EnvReader(Map.of());
		IllegalArgumentException ex = catchThrowableOfType(IllegalArgumentException.class,
				() -> reader.platform("O2_NOT_IN_THE_TABLE"));
		assertThat(ex).hasMessageContaining("add it to Setting");
	}

	/**
	 * Every {@code O2_*} name in the extension's sources, the layer's launcher and the documentation
	 * is a row of {@link Setting} or of the launcher's table in {@code docs/configuration.md}, and
	 * each launcher variable is used by the launcher: a name misspelt anywhere fails here.
	 */
	@Test
	void everyO2NameIsASettingOrALauncherVariable() throws IOException {
		Set<String> settings = new TreeSet<>(Arrays.stream(Setting.values()).map(Setting::name).toList());
		String doc = Files.readString(DOC);
		String launcherTable = doc.substring(doc.indexOf("| launcher variable |"));
		launcherTable = launcherTable.substring(0, launcherTable.indexOf("\n\n"));
		Set<String> launcher = new TreeSet<>();
		for (String line : launcherTable.split("\n")) {
			Matcher row = ROW.matcher(line);
			if (row.find()) {
				launcher.add(row.group(1));
			}
		}
		assertThat(launcher).contains("O2_JAVA_OPTS").doesNotContainAnyElementsOf(settings);

		Set<String> inCode = names(Path.of("src/main/java"));
		Set<String> inLauncher = names(Path.of("layer-build/layer"));
		Set<String> inDoc = names(DOC);
		Set<String> all = new LinkedHashSet<>(inCode);
		all.addAll(inLauncher);
		all.addAll(inDoc);
		all.removeAll(settings);
		all.removeAll(launcher);
		assertThat(all).as("O2_* names that are neither a Setting nor a launcher variable").isEmpty();
		Set<String> inLayer = new TreeSet<>(inLauncher);
		inLayer.addAll(names(Path.of("layer-build/native/c"))); // the native executable's libjvm
		assertThat(inLayer).as("launcher variables the layer uses").containsAll(launcher);
	}

	private static Set<String> names(Path root) throws IOException {
		Set<String> names = new TreeSet<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				String text;
				try {
					text = Files.readString(file);
				}
				catch (MalformedInputException ex) {
					continue; // not text
				}
				Matcher name = NAME.matcher(text);
				while (name.find()) {
					names.add(name.group());
				}
			}
		}
		return names;
	}

}
