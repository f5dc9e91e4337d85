package dev.dayshift.cdk.internal;

import dev.dayshift.core.config.PhaseName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * What a phase's jobs (Terraform or CDK in CodeBuild) may do to the account, by phase. The base
 * phase owns the persistent infrastructure (VPC and its subnets, route tables and gateways, DNS
 * zones, certificates, container registries); the runtime phase owns the ephemeral, expensive part
 * (NAT gateways and their addresses, security groups, load balancers, ECS, caches, their logs,
 * scaling and alarms). Neither role holds the other's actions, and each is denied changes to
 * resources tagged {@value Names#PHASE_TAG} with the other phase's name.
 *
 * <p>These statements use {@code Resource: *}: the jobs create resources whose names the user's
 * Terraform or CDK code chooses, so they cannot be listed here. Each statement's Sid names its
 * reason, kept in {@link #REASONS}; regional services are also limited to the environment's region.
 */
public final class JobPermissions {

    /** The reason beside every job statement with Resource *. */
    public static final String REASON = "A phase job creates resources named by the user's Terraform/CDK code, "
            + "so the actions cannot be scoped to ARNs known here; they are limited to this phase's services, "
            + "the environment's region, and by the dayshift:phase tag conditions.";

    private record Family(String sid, boolean regional, List<String> actions) {
    }

    private static final List<Family> BASE = List.of(
            new Family("BaseJobsNetwork", true, List.of(
                    "ec2:CreateVpc", "ec2:DeleteVpc", "ec2:ModifyVpcAttribute", "ec2:AssociateVpcCidrBlock",
                    "ec2:DisassociateVpcCidrBlock", "ec2:CreateSubnet", "ec2:DeleteSubnet", "ec2:ModifySubnetAttribute",
                    "ec2:CreateRouteTable", "ec2:DeleteRouteTable", "ec2:AssociateRouteTable",
                    "ec2:DisassociateRouteTable", "ec2:CreateInternetGateway", "ec2:DeleteInternetGateway",
                    "ec2:AttachInternetGateway", "ec2:DetachInternetGateway", "ec2:CreateVpcEndpoint",
                    "ec2:DeleteVpcEndpoints", "ec2:ModifyVpcEndpoint", "ec2:CreateDhcpOptions",
                    "ec2:DeleteDhcpOptions", "ec2:AssociateDhcpOptions", "ec2:CreateNetworkAcl",
                    "ec2:DeleteNetworkAcl", "ec2:CreateNetworkAclEntry", "ec2:DeleteNetworkAclEntry",
                    "ec2:ReplaceNetworkAclEntry", "ec2:ReplaceNetworkAclAssociation", "ec2:CreateFlowLogs",
                    "ec2:DeleteFlowLogs", "ec2:CreateTags", "ec2:DeleteTags", "ec2:Describe*")),
            new Family("BaseJobsDns", false, List.of(
                    "route53:CreateHostedZone", "route53:DeleteHostedZone", "route53:GetHostedZone",
                    "route53:ListHostedZones", "route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets",
                    "route53:GetChange", "route53:ChangeTagsForResource", "route53:ListTagsForResource",
                    "route53:UpdateHostedZoneComment")),
            new Family("BaseJobsCertificates", false, List.of(
                    "acm:RequestCertificate", "acm:DeleteCertificate", "acm:DescribeCertificate",
                    "acm:ListCertificates", "acm:AddTagsToCertificate", "acm:RemoveTagsFromCertificate",
                    "acm:ListTagsForCertificate")),
            new Family("BaseJobsRegistries", true, List.of(
                    "ecr:CreateRepository", "ecr:DeleteRepository", "ecr:DescribeRepositories",
                    "ecr:PutLifecyclePolicy", "ecr:GetLifecyclePolicy", "ecr:DeleteLifecyclePolicy",
                    "ecr:SetRepositoryPolicy", "ecr:GetRepositoryPolicy", "ecr:DeleteRepositoryPolicy",
                    "ecr:PutImageScanningConfiguration", "ecr:PutImageTagMutability", "ecr:TagResource",
                    "ecr:UntagResource", "ecr:ListTagsForResource")));

    private static final List<Family> RUNTIME = List.of(
            new Family("RuntimeJobsNetwork", true, List.of(
                    "ec2:CreateNatGateway", "ec2:DeleteNatGateway", "ec2:AllocateAddress", "ec2:ReleaseAddress",
                    "ec2:AssociateAddress", "ec2:DisassociateAddress", "ec2:CreateSecurityGroup",
                    "ec2:DeleteSecurityGroup", "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress",
                    "ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress", "ec2:ModifySecurityGroupRules",
                    "ec2:CreateRoute", "ec2:DeleteRoute", "ec2:ReplaceRoute", "ec2:CreateTags", "ec2:DeleteTags",
                    "ec2:Describe*")),
            new Family("RuntimeJobsLoadBalancing", true, List.of(
                    "elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:DeleteLoadBalancer",
                    "elasticloadbalancing:ModifyLoadBalancerAttributes", "elasticloadbalancing:CreateTargetGroup",
                    "elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:ModifyTargetGroup",
                    "elasticloadbalancing:ModifyTargetGroupAttributes", "elasticloadbalancing:CreateListener",
                    "elasticloadbalancing:DeleteListener", "elasticloadbalancing:ModifyListener",
                    "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule",
                    "elasticloadbalancing:ModifyRule", "elasticloadbalancing:SetSecurityGroups",
                    "elasticloadbalancing:SetSubnets", "elasticloadbalancing:RegisterTargets",
                    "elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:AddTags",
                    "elasticloadbalancing:RemoveTags", "elasticloadbalancing:Describe*")),
            new Family("RuntimeJobsContainers", true, List.of(
                    "ecs:CreateCluster", "ecs:DeleteCluster", "ecs:UpdateCluster", "ecs:PutClusterCapacityProviders",
                    "ecs:CreateService", "ecs:UpdateService", "ecs:DeleteService", "ecs:RegisterTaskDefinition",
                    "ecs:DeregisterTaskDefinition", "ecs:TagResource", "ecs:UntagResource", "ecs:Describe*",
                    "ecs:List*")),
            new Family("RuntimeJobsCaches", true, List.of(
                    "elasticache:CreateCacheCluster", "elasticache:DeleteCacheCluster", "elasticache:ModifyCacheCluster",
                    "elasticache:CreateReplicationGroup", "elasticache:DeleteReplicationGroup",
                    "elasticache:ModifyReplicationGroup", "elasticache:CreateCacheSubnetGroup",
                    "elasticache:DeleteCacheSubnetGroup", "elasticache:CreateServerlessCache",
                    "elasticache:DeleteServerlessCache", "elasticache:ModifyServerlessCache",
                    "elasticache:AddTagsToResource", "elasticache:RemoveTagsFromResource", "elasticache:Describe*",
                    "elasticache:ListTagsForResource")),
            new Family("RuntimeJobsOperations", true, List.of(
                    "logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:PutRetentionPolicy",
                    "logs:DeleteRetentionPolicy", "logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource",
                    "logs:DescribeLogGroups", "application-autoscaling:RegisterScalableTarget",
                    "application-autoscaling:DeregisterScalableTarget", "application-autoscaling:PutScalingPolicy",
                    "application-autoscaling:DeleteScalingPolicy", "application-autoscaling:Describe*",
                    "application-autoscaling:TagResource", "cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms",
                    "cloudwatch:DescribeAlarms", "cloudwatch:TagResource", "cloudwatch:ListTagsForResource")));

    /** Sid to reason for every job statement that has Resource *. */
    public static final Map<String, String> REASONS;

    static {
        Map<String, String> reasons = new LinkedHashMap<>();
        for (Family f : BASE) {
            reasons.put(f.sid(), REASON);
        }
        for (Family f : RUNTIME) {
            reasons.put(f.sid(), REASON);
        }
        REASONS = Map.copyOf(reasons);
    }

    private JobPermissions() {
    }

    /** The statements that let {@code phase}'s jobs manage what the phase owns, in {@code region}. */
    public static List<PolicyStatement> allow(PhaseName phase, String region) {
        List<PolicyStatement> out = new ArrayList<>();
        for (Family f : phase == PhaseName.BASE ? BASE : RUNTIME) {
            PolicyStatement.Builder b = PolicyStatement.Builder.create().sid(f.sid()).effect(Effect.ALLOW)
                    .actions(f.actions()).resources(List.of("*"));
            if (f.regional()) {
                b.conditions(Map.of("StringEquals", Map.of("aws:RequestedRegion", region)));
            }
            out.add(b.build());
        }
        return out;
    }

    /** The union of both phases' statements: what the permissions boundary allows at most. */
    public static List<PolicyStatement> boundary(String region) {
        List<PolicyStatement> out = new ArrayList<>(allow(PhaseName.BASE, region));
        out.addAll(allow(PhaseName.RUNTIME, region));
        return out;
    }

    /**
     * Denies {@code phase}'s jobs any change to resources tagged as the other phase's, and creating
     * resources tagged as the other phase's.
     */
    public static List<PolicyStatement> denyOtherPhase(PhaseName phase) {
        String other = (phase == PhaseName.BASE ? PhaseName.RUNTIME : PhaseName.BASE).name().toLowerCase(java.util.Locale.ROOT);
        List<String> mutating = List.of("ec2:Delete*", "ec2:Modify*", "ec2:Disassociate*", "ec2:Detach*",
                "ec2:Replace*", "ec2:Revoke*", "ec2:CreateTags", "ec2:DeleteTags",
                "elasticloadbalancing:Delete*", "elasticloadbalancing:Modify*", "ecs:Delete*", "ecs:Update*",
                "elasticache:Delete*", "elasticache:Modify*", "route53:DeleteHostedZone", "acm:DeleteCertificate",
                "ecr:DeleteRepository", "logs:DeleteLogGroup");
        return List.of(
                PolicyStatement.Builder.create().sid("DenyChangesToOtherPhase").effect(Effect.DENY)
                        .actions(mutating).resources(List.of("*"))
                        .conditions(Map.of("StringEquals", Map.of("aws:ResourceTag/" + Names.PHASE_TAG, other)))
                        .build(),
                PolicyStatement.Builder.create().sid("DenyCreatingForOtherPhase").effect(Effect.DENY)
                        .actions(List.of("ec2:CreateTags", "elasticloadbalancing:AddTags", "ecs:TagResource",
                                "elasticache:AddTagsToResource", "ecr:TagResource", "logs:TagResource"))
                        .resources(List.of("*"))
                        .conditions(Map.of("StringEquals", Map.of("aws:RequestTag/" + Names.PHASE_TAG, other)))
                        .build());
    }
}
