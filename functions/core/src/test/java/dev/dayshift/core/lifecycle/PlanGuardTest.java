package dev.dayshift.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dayshift.core.config.PhaseName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PlanGuardTest {

    static String rc(String address, String actions, String tags) {
        return "{\"address\":\"" + address + "\",\"mode\":\"managed\",\"type\":\"aws_x\",\"name\":\"x\","
                + "\"change\":{\"actions\":" + actions + ",\"before\":" + (tags == null ? "null" : "{\"tags_all\":" + tags + "}")
                + ",\"after\":null}}";
    }

    static String plan(String... changes) {
        return "{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.0\",\"resource_changes\":["
                + String.join(",", changes) + "]}";
    }

    @Nested
    class TerraformPlans {
        @Test
        void countsCreatesUpdatesDestroysAndReplaces() {
            PlanGuard.Report r = PlanGuard.check(PhaseName.RUNTIME, plan(
                    rc("aws_nat_gateway.a", "[\"create\"]", null),
                    rc("aws_lb.main", "[\"update\"]", "{}"),
                    rc("aws_ecs_service.api", "[\"delete\",\"create\"]", "{}"),
                    rc("aws_ecs_service.old", "[\"create\",\"delete\"]", "{}"),
                    rc("aws_eip.b", "[\"delete\"]", "{}"),
                    rc("aws_vpc.seen", "[\"no-op\"]", "{}"),
                    "{\"address\":\"data.aws_vpc.base\",\"mode\":\"data\",\"change\":{\"actions\":[\"read\"]}}"));
            assertThat(r.counts()).isEqualTo(new ChangeCounts(1, 1, 1, 2));
            assertThat(r.accepted()).isTrue();
            assertThat(r.counts().toString()).isEqualTo("1 to create, 1 to update, 1 to destroy, 2 to replace");
        }

        @Test
        void refusesARuntimePlanThatDestroysOrReplacesABaseResource() {
            PlanGuard.Report r = PlanGuard.check(PhaseName.RUNTIME, plan(
                    rc("aws_vpc.main", "[\"delete\"]", "{\"Phase\":\"base\"}"),
                    rc("aws_route53_zone.z", "[\"delete\",\"create\"]", "{\"dayshift:phase\":\"BASE\"}"),
                    rc("aws_nat_gateway.a", "[\"delete\"]", "{\"Phase\":\"runtime\"}")));
            assertThat(r.accepted()).isFalse();
            assertThat(r.refusals()).containsExactly(
                    "the runtime plan would destroy base resource aws_vpc.main",
                    "the runtime plan would replace base resource aws_route53_zone.z");
        }

        @Test
        void updatingABaseResourceInPlaceIsAllowed() {
            assertThat(PlanGuard.check(PhaseName.RUNTIME, plan(rc("aws_vpc.main", "[\"update\"]", "{\"Phase\":\"base\"}")))
                    .accepted()).isTrue();
        }

        @Test
        void theBasePhaseMayChangeItsOwnResources() {
            assertThat(PlanGuard.check(PhaseName.BASE, plan(rc("aws_vpc.main", "[\"delete\",\"create\"]", "{\"Phase\":\"base\"}")))
                    .accepted()).isTrue();
        }

        @Test
        void anEmptyPlanHasNoChanges() {
            assertThat(PlanGuard.check(PhaseName.RUNTIME, "{\"format_version\":\"1.2\"}").counts().any()).isFalse();
        }

        @Test
        void unreadablePlansAreNamed() {
            assertThatThrownBy(() -> PlanGuard.check(PhaseName.RUNTIME, "{not json"))
                    .isInstanceOf(PlanGuard.UnreadablePlanException.class).hasMessageContaining("not valid JSON");
            assertThatThrownBy(() -> PlanGuard.check(PhaseName.RUNTIME, "{\"something\":1}"))
                    .hasMessageContaining("not terraform show -json output");
            assertThatThrownBy(() -> PlanGuard.check(PhaseName.RUNTIME, plan("{\"address\":\"a\",\"change\":{}}")))
                    .hasMessageContaining("(a) has no change.actions");
        }
    }

    @Nested
    class CdkDiffs {
        static final String DIFF = """
                Stack demo-runtime
                Resources
                [+] AWS::EC2::NatGateway Nat Nat1234
                [-] AWS::ElasticLoadBalancingV2::LoadBalancer Lb LbABC destroy
                [~] AWS::ECS::Service Service ServiceXYZ
                 └─ [~] ServiceName (requires replacement)
                [~] AWS::ECS::TaskDefinition Task Task99
                 └─ [~] Cpu
                     ├─ [-] 256
                     └─ [+] 512

                Stack DemoBase
                Resources
                [~] AWS::EC2::VPC Vpc Vpc1 replace

                ✨  Number of stacks with differences: 2
                """;

        @Test
        void countsResourceLinesAndReplacements() {
            PlanGuard.Report r = PlanGuard.check(PhaseName.RUNTIME, DIFF);
            assertThat(r.counts()).isEqualTo(new ChangeCounts(1, 1, 1, 2));
            assertThat(r.refusals()).singleElement().asString().contains("replace base resource DemoBase/Vpc (AWS::EC2::VPC)");
        }

        @Test
        void noDifferencesMeansNoChanges() {
            assertThat(PlanGuard.check(PhaseName.RUNTIME, "Stack demo-runtime\nThere were no differences\n").counts().any())
                    .isFalse();
        }

        @Test
        void arbitraryTextIsUnreadable() {
            assertThatThrownBy(() -> PlanGuard.check(PhaseName.RUNTIME, "hello world"))
                    .isInstanceOf(PlanGuard.UnreadablePlanException.class);
        }
    }
}
