import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Starts GraalVM's native-image builder from its Maven Central jars, doing the part of the
 * {@code native-image} driver (not published on Maven Central) that our build needs:
 *
 * <ul>
 * <li>the builder JVM's command line: module path, JVMCI, the system class loader, native
 * access, and every concealed package of the JDK's modules exported to the builder's modules
 * (derived from the module descriptors of the JDK it runs on);</li>
 * <li>each image class path entry's {@code META-INF/native-image}: its JSON metadata goes to
 * {@code -H:ConfigurationFileDirectories} (extracted from jars), its
 * {@code native-image.properties} {@code Args} are translated into the hosted options the
 * driver would pass;</li>
 * <li>reachability metadata from the {@code graalvm-reachability-metadata} repository zip for
 * the artifacts that have none of their own (a tested entry for their exact version, else the
 * latest).</li>
 * </ul>
 *
 * Run with {@code java NativeImageDriver.java} on the JDK that runs the builder (Temurin 25 with
 * JVMCI). Usage: {@code --builder-path <jars> --compiler <jar> --image-path <entries>
 * [--metadata-repository <zip>] [--builder-heap <size>] --work <dir> [--dry-run] -- <builder options...>}. Everything
 * after {@code --} goes to the builder unchanged. Prints what it decided, then the builder's
 * output; exits with the builder's status.
 */
public final class NativeImageDriver {

	private static final List<String> BUILDER_MODULES = List.of("org.graalvm.nativeimage.builder",
			"org.graalvm.nativeimage.base", "org.graalvm.nativeimage.pointsto", "org.graalvm.nativeimage.objectfile",
			"org.graalvm.nativeimage.configure", "org.graalvm.nativeimage.libgraal", "jdk.graal.compiler",
			"org.graalvm.truffle.compiler", "org.graalvm.espresso.shared.svm");

	/** native-image.properties flags without a value, and the hosted option each stands for. */
	private static final Map<String, String> FLAGS = Map.of("--enable-http", "-H:EnableURLProtocols=http",
			"--enable-https", "-H:EnableURLProtocols=https", "--no-fallback", "-H:FallbackThreshold=0",
			"--install-exit-handlers", "-H:+InstallExitHandlers", "--report-unsupported-elements-at-runtime",
			"-H:+ReportUnsupportedElementsAtRuntime");

	private static final Pattern POM_PROPERTIES = Pattern.compile("META-INF/maven/[^/]+/[^/]+/pom.properties");

	private NativeImageDriver() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		List<String> passThrough = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--")) {
				passThrough.addAll(List.of(args).subList(i + 1, args.length));
				break;
			}
			if (args[i].equals("--dry-run")) {
				options.put("dry-run", "true");
				continue;
			}
			if (!args[i].startsWith("--") || i + 1 >= args.length) {
				throw new IllegalArgumentException("unexpected argument " + args[i]);
			}
			options.put(args[i].substring(2), args[++i]);
		}
		Path work = Path.of(required(options, "work"));
		List<Path> imagePath = paths(required(options, "image-path"));
		List<String> hosted = new ArrayList<>();
		MetadataRepository repository = options.containsKey("metadata-repository")
				? new MetadataRepository(Path.of(options.get("metadata-repository"))) : null;
		collectMetadata(imagePath, repository, work.resolve("metadata"), hosted);
		hosted.addAll(passThrough);

		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx" + options.getOrDefault("builder-heap", "10g"));
		command.addAll(builderJvmOptions(required(options, "builder-path"), required(options, "compiler")));
		command.add("-m");
		command.add("org.graalvm.nativeimage.builder/com.oracle.svm.hosted.NativeImageGeneratorRunner");
		command.add("-imagecp");
		command.add(String.join(":", imagePath.stream().map(Path::toString).toList()));
		command.add("-H:ImageBuildID=" + UUID.randomUUID());
		command.addAll(hosted);
		Files.createDirectories(work);
		Path argFile = work.resolve("builder-command.txt");
		Files.write(argFile, command);
		System.out.println("native-image driver: builder command in " + argFile + " (" + command.size() + " arguments)");
		if (options.containsKey("dry-run")) {
			return;
		}
		Process builder = new ProcessBuilder(command).inheritIO().start();
		System.exit(builder.waitFor());
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("--" + name + " is required");
		}
		return value;
	}

	private static List<Path> paths(String value) {
		return Stream.of(value.split(":")).filter((entry) -> !entry.isBlank()).map(Path::of).toList();
	}

	/** The builder JVM's options, as the driver would compute them. */
	private static List<String> builderJvmOptions(String builderPath, String compiler) {
		List<String> jvm = new ArrayList<>(List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
				"-XX:-UseJVMCICompiler", "-Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader",
				"-Dorg.graalvm.nativeimage.imagecode=buildtime", "-Dorg.graalvm.version=" + graalVersion(compiler),
				"-Djdk.internal.lambda.disableEagerInitialization=true", "-Djdk.module.showModuleResolution=false",
				"-Djava.awt.headless=true", "-Dfile.encoding=UTF-8", "-Dsun.jnu.encoding=UTF-8",
				"--add-modules=ALL-DEFAULT",
				// the builder's own modules only: with ALL-UNNAMED the image's classes, initialised
				// in this JVM, would see native access enabled (Netty then links malloc/free with
				// the FFM API at build time, which the image cannot compile)
				"--enable-native-access=" + String.join(",", BUILDER_MODULES.subList(0, 3)) + ",jdk.graal.compiler",
				"--upgrade-module-path", compiler, "--module-path", builderPath));
		String targets = String.join(",", BUILDER_MODULES);
		for (ModuleReference module : ModuleFinder.ofSystem().findAll()) {
			ModuleDescriptor descriptor = module.descriptor();
			Set<String> exported = new TreeSet<>();
			descriptor.exports().stream().filter((export) -> !export.isQualified()).forEach((export) -> exported.add(export.source()));
			for (String pkg : new TreeSet<>(descriptor.packages())) {
				if (!exported.contains(pkg)) {
					jvm.add("--add-exports=" + descriptor.name() + "/" + pkg + "=" + targets);
				}
			}
		}
		return jvm;
	}

	private static String graalVersion(String compilerJar) {
		Matcher version = Pattern.compile("compiler-([0-9][^/]*)\\.jar$").matcher(compilerJar);
		return version.find() ? version.group(1) : "25.0.4";
	}

	/**
	 * Each image path entry's own metadata, and the repository's (a tested entry for the exact
	 * version, else the latest) for entries that have none of their own.
	 */
	private static void collectMetadata(List<Path> imagePath, MetadataRepository repository, Path into,
			List<String> hosted) throws IOException {
		Set<String> configDirectories = new LinkedHashSet<>();
		List<String> translated = new ArrayList<>();
		int index = 0;
		for (Path entry : imagePath) {
			Path target = into.resolve(String.format("%03d-%s", index++, entry.getFileName()));
			Optional<Coordinates> coordinates = Coordinates.of(entry);
			Optional<MetadataRepository.Match> match = (coordinates.isPresent() && repository != null)
					? repository.find(coordinates.get()) : Optional.empty();
			// The jar's own metadata, written by its authors for this very version, wins; the
			// repository only fills in for jars that have none. Its "override" entries are not
			// followed: Netty 4.2's are written for 4.1 and register types 4.2 does not have
			// (a build with them fails on commons-logging's Log4JLogger).
			boolean own = copyOwnMetadata(entry, target.resolve("own"), configDirectories, translated);
			if (match.isPresent() && !own) {
				Path dir = target.resolve("repository");
				if (repository.extract(match.get(), dir)) {
					configDirectories.add(dir.toString());
				}
				System.out.println("native-image driver: " + coordinates.get() + ": repository metadata "
						+ match.get().version() + (match.get().tested() ? " (tested)" : " (closest)"));
			}
		}
		if (!configDirectories.isEmpty()) {
			hosted.add("-H:ConfigurationFileDirectories=" + String.join(",", configDirectories));
		}
		hosted.addAll(translated);
	}

	/** Copies an entry's META-INF/native-image JSON files ; translates its properties' Args. */
	private static boolean copyOwnMetadata(Path entry, Path target, Set<String> configDirectories,
			List<String> translated) throws IOException {
		Map<String, byte[]> files = new LinkedHashMap<>();
		if (Files.isDirectory(entry)) {
			Path root = entry.resolve("META-INF/native-image");
			if (Files.isDirectory(root)) {
				try (Stream<Path> walk = Files.walk(root)) {
					for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
						files.put(entry.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
					}
				}
			}
		}
		else if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
			try (ZipFile zip = new ZipFile(entry.toFile())) {
				for (ZipEntry item : zip.stream().filter((e) -> !e.isDirectory())
						.filter((e) -> e.getName().startsWith("META-INF/native-image/")).toList()) {
					try (InputStream in = zip.getInputStream(item)) {
						files.put(item.getName(), in.readAllBytes());
					}
				}
			}
		}
		boolean any = false;
		for (Map.Entry<String, byte[]> file : files.entrySet()) {
			Path out = target.resolve(file.getKey());
			if (file.getKey().endsWith("/native-image.properties")) {
				translated.addAll(translateArgs(file.getKey(), new String(file.getValue(), StandardCharsets.UTF_8)));
				any = true;
			}
			else if (file.getKey().endsWith(".json")) {
				Files.createDirectories(out.getParent());
				Files.write(out, file.getValue());
				configDirectories.add(out.getParent().toString());
				any = true;
			}
		}
		return any;
	}

	/** native-image.properties Args → the builder's hosted options (what the driver maps them to). */
	static List<String> translateArgs(String source, String properties) throws IOException {
		Properties parsed = new Properties();
		parsed.load(new StringReader(properties));
		String args = parsed.getProperty("Args", "").trim();
		List<String> out = new ArrayList<>();
		if (args.isEmpty()) {
			return out;
		}
		for (String arg : args.split("\\s+")) {
			String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
			if (arg.startsWith("--initialize-at-build-time=")) {
				for (String name : value.split(",")) {
					out.add("-H:ClassInitialization=" + name + ":build_time");
				}
			}
			else if (arg.startsWith("--initialize-at-run-time=")) {
				for (String name : value.split(",")) {
					out.add("-H:ClassInitialization=" + name + ":run_time");
				}
			}
			else if (arg.startsWith("--features=")) {
				out.add("-H:Features=" + value);
			}
			else if (FLAGS.containsKey(arg)) {
				out.add(FLAGS.get(arg));
			}
			else if (arg.startsWith("--enable-url-protocols=")) {
				out.add("-H:EnableURLProtocols=" + value);
			}
			else if (arg.startsWith("-H:") || arg.startsWith("-R:")) {
				out.add(arg);
			}
			else {
				// a new option in some jar: fail the build rather than silently build another image
				throw new IllegalArgumentException(source + ": native-image option " + arg
						+ " is not translated by NativeImageDriver; add its mapping");
			}
		}
		return out;
	}

	/** Maven coordinates of a jar, from its pom.properties. */
	record Coordinates(String group, String artifact, String version) {

		static Optional<Coordinates> of(Path entry) throws IOException {
			if (!Files.isRegularFile(entry) || !entry.toString().endsWith(".jar")) {
				return Optional.empty();
			}
			try (ZipFile zip = new ZipFile(entry.toFile())) {
				Optional<? extends ZipEntry> pom = zip.stream().filter((e) -> POM_PROPERTIES.matcher(e.getName()).matches())
						.findFirst();
				if (pom.isEmpty()) {
					return Optional.empty();
				}
				Properties properties = new Properties();
				try (InputStream in = zip.getInputStream(pom.get())) {
					properties.load(in);
				}
				return Optional.of(new Coordinates(properties.getProperty("groupId"), properties.getProperty("artifactId"),
						properties.getProperty("version")));
			}
		}

		@Override
		public String toString() {
			return group + ":" + artifact + ":" + version;
		}
	}

	/** The graalvm-reachability-metadata repository zip: {@code group/artifact/index.json}. */
	static final class MetadataRepository {

		record Match(String directory, String version, boolean tested) {
		}

		private final ZipFile zip;

		MetadataRepository(Path file) throws IOException {
			this.zip = new ZipFile(file.toFile());
		}

		Optional<Match> find(Coordinates coordinates) throws IOException {
			String base = coordinates.group() + "/" + coordinates.artifact() + "/";
			ZipEntry index = zip.getEntry(base + "index.json");
			if (index == null) {
				return Optional.empty();
			}
			String json;
			try (InputStream in = zip.getInputStream(index)) {
				json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			Match latest = null;
			// a small, fixed format: an array of flat objects; read the few fields we need
			for (String object : json.split("\\}\\s*,?\\s*\\{")) {
				String version = field(object, "metadata-version");
				if (version == null) {
					continue;
				}
				boolean tested = Pattern.compile("\"" + Pattern.quote(coordinates.version()) + "\"")
						.matcher(object.substring(Math.max(0, object.indexOf("tested-versions")))).find()
						&& object.contains("tested-versions");
				Match match = new Match(base + version + "/", version, tested);
				if (tested) {
					return Optional.of(match);
				}
				if (object.matches("(?s).*\"latest\"\\s*:\\s*true.*")) {
					latest = match;
				}
			}
			return Optional.ofNullable(latest);
		}

		private static String field(String object, String name) {
			Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(object);
			return m.find() ? m.group(1) : null;
		}

		boolean extract(Match match, Path into) throws IOException {
			boolean any = false;
			for (ZipEntry entry : zip.stream().filter((e) -> !e.isDirectory() && e.getName().startsWith(match.directory()))
					.sorted(Comparator.comparing(ZipEntry::getName)).toList()) {
				Path out = into.resolve(entry.getName().substring(match.directory().length()));
				Files.createDirectories(out.getParent());
				try (InputStream in = zip.getInputStream(entry)) {
					Files.write(out, in.readAllBytes());
				}
				catch (UncheckedIOException ex) {
					throw ex.getCause();
				}
				any = true;
			}
			return any;
		}
	}

}
